# The AWS provider's mocks for terraform test: what the provider validates (ARNs, account ids) gets realistic
# values, and every bucket, queue, secret and log group a role's policy can name gets an ARN of its own, so
# permissions.tftest.hcl can map each policy back to the symbolic notation of function-permissions.json.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "111111111111"
    arn        = "arn:aws:iam::111111111111:user/mock"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::111111111111:role/mock"
  }
}

mock_resource "aws_lambda_function" {
  defaults = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:mock"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:mock:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:mock/invocations"
    version       = "1"
  }
}

mock_resource "aws_lambda_alias" {
  defaults = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:mock:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:mock:live/invocations"
  }
}

mock_resource "aws_sqs_queue" {
  defaults = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:mock"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/mock"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-central-1:111111111111:profile-sync-runs"
  }
}

mock_resource "aws_cloudwatch_event_rule" {
  defaults = {
    arn = "arn:aws:events:eu-central-1:111111111111:rule/profile-sync-runs"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:mock-AbCdEf"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:mock"
  }
}

mock_resource "aws_apigatewayv2_api" {
  defaults = {
    execution_arn = "arn:aws:execute-api:eu-central-1:111111111111:mockapi"
  }
}

mock_resource "aws_apigatewayv2_stage" {
  defaults = {
    invoke_url = "https://mockapi.execute-api.eu-central-1.amazonaws.com/"
  }
}

mock_resource "aws_scheduler_schedule" {
  defaults = {
    arn = "arn:aws:scheduler:eu-central-1:111111111111:schedule/default/mock"
  }
}

override_resource {
  target = aws_s3_bucket.drop
  values = {
    arn    = "arn:aws:s3:::drop"
    bucket = "drop"
    id     = "drop"
  }
}

override_resource {
  target = aws_s3_bucket.work
  values = {
    arn    = "arn:aws:s3:::work"
    bucket = "work"
    id     = "work"
  }
}

override_resource {
  target = aws_sqs_queue.batches["insider"]
  values = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:insider"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/insider"
  }
}

override_resource {
  target = aws_sqs_queue.batches["xtremepush"]
  values = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:xtremepush"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/xtremepush"
  }
}

override_resource {
  target = aws_sqs_queue.batches["evergage"]
  values = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:evergage"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/evergage"
  }
}

override_resource {
  target = aws_sqs_queue.split_chunks
  values = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:split-chunks"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/split-chunks"
  }
}

override_resource {
  target = aws_sqs_queue.split_chunk_dead_letters
  values = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:split-chunks-dlq"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/split-chunks-dlq"
  }
}

override_resource {
  target = aws_sqs_queue.split_failures
  values = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:split-failures"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/split-failures"
  }
}

override_resource {
  target = aws_sqs_queue.split_failure_dead_letters
  values = {
    arn = "arn:aws:sqs:eu-central-1:111111111111:split-failures-dlq"
    url = "https://sqs.eu-central-1.amazonaws.com/111111111111/split-failures-dlq"
  }
}

override_resource {
  target = aws_secretsmanager_secret.destination["insider"]
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:insider-AbCdEf"
  }
}

override_resource {
  target = aws_secretsmanager_secret.destination["xtremepush"]
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:xtremepush-AbCdEf"
  }
}

override_resource {
  target = aws_secretsmanager_secret.destination["evergage"]
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:evergage-AbCdEf"
  }
}

override_resource {
  target = aws_secretsmanager_secret.webhook
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:webhook-AbCdEf"
  }
}

override_resource {
  target = aws_secretsmanager_secret.state
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:state-AbCdEf"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["splitter"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:splitter"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["split-chunk"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:split-chunk"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["split-failures"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:split-failures"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["poster"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:poster"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["report"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:report"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["callbacks"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:callbacks"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["replay"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:replay"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["callbacks-report"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:callbacks-report"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.function["export"]
  values = {
    arn = "arn:aws:logs:eu-central-1:111111111111:log-group:export"
  }
}

override_resource {
  target = aws_lambda_alias.live["splitter"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-splitter:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-splitter:live/invocations"
  }
}

override_resource {
  target = aws_lambda_alias.live["split-chunk"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-split-chunk:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-split-chunk:live/invocations"
  }
}

override_resource {
  target = aws_lambda_alias.live["poster"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-poster:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-poster:live/invocations"
  }
}

override_resource {
  target = aws_lambda_alias.live["report"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-report:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-report:live/invocations"
  }
}

override_resource {
  target = aws_lambda_alias.live["callbacks"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks:live/invocations"
  }
}

override_resource {
  target = aws_lambda_alias.live["replay"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-replay:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-replay:live/invocations"
  }
}

override_resource {
  target = aws_lambda_alias.live["callbacks-report"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks-report:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks-report:live/invocations"
  }
}

override_resource {
  target = aws_lambda_alias.live["export"]
  values = {
    arn        = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-export:live"
    invoke_arn = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-export:live/invocations"
  }
}

override_resource {
  target = aws_lambda_function.function["splitter"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-splitter"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-splitter:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-splitter/invocations"
    version       = "1"
  }
}

override_resource {
  target = aws_lambda_function.function["split-chunk"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-split-chunk"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-split-chunk:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-split-chunk/invocations"
    version       = "1"
  }
}

override_resource {
  target = aws_lambda_function.function["poster"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-poster"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-poster:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-poster/invocations"
    version       = "1"
  }
}

override_resource {
  target = aws_lambda_function.function["report"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-report"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-report:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-report/invocations"
    version       = "1"
  }
}

override_resource {
  target = aws_lambda_function.function["callbacks"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks/invocations"
    version       = "1"
  }
}

override_resource {
  target = aws_lambda_function.function["replay"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-replay"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-replay:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-replay/invocations"
    version       = "1"
  }
}

override_resource {
  target = aws_lambda_function.function["callbacks-report"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks-report"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks-report:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-callbacks-report/invocations"
    version       = "1"
  }
}

override_resource {
  target = aws_lambda_function.function["export"]
  values = {
    arn           = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-export"
    qualified_arn = "arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-export:1"
    invoke_arn    = "arn:aws:apigateway:eu-central-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-central-1:111111111111:function:profile-sync-export/invocations"
    version       = "1"
  }
}
