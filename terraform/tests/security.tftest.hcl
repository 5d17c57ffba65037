# What a security review asks of the deployment (docs/security.md): both buckets refuse requests without TLS
# (Security Hub S3.5), every dead-letter queue keeps its messages longer than the queue that feeds it, and the
# webhook's function has a reserved concurrency.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Never used (generate_webhook_secret and generate_state_key false): mock providers cannot open ephemeral resources.
provider "aws" {
  alias                       = "secret_generator"
  region                      = "eu-central-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

# The destinations' dead-letter queues get ARNs of their own, so that each source queue's redrive policy finds its own.
override_resource {
  target = aws_sqs_queue.dead_letters["insider"]
  values = { arn = "arn:aws:sqs:eu-central-1:111111111111:insider-dlq" }
}

override_resource {
  target = aws_sqs_queue.dead_letters["xtremepush"]
  values = { arn = "arn:aws:sqs:eu-central-1:111111111111:xtremepush-dlq" }
}

override_resource {
  target = aws_sqs_queue.dead_letters["evergage"]
  values = { arn = "arn:aws:sqs:eu-central-1:111111111111:evergage-dlq" }
}

variables {
  function_zip = "tests/fixtures/function.zip"
  destinations = {
    insider    = {}
    xtremepush = {}
    evergage   = { url = "https://mock.eu.evergage.com" }
  }
  generate_webhook_secret = false
  generate_state_key      = false
}

run "both_buckets_deny_every_request_without_tls" {
  command = apply

  assert {
    condition     = toset(keys(aws_s3_bucket_policy.tls_only)) == toset(["drop", "work"]) && aws_s3_bucket_policy.tls_only["drop"].bucket == "drop" && aws_s3_bucket_policy.tls_only["work"].bucket == "work"
    error_message = "each bucket needs its TLS-only policy: ${jsonencode({ for name, policy in aws_s3_bucket_policy.tls_only : name => policy.bucket })}"
  }

  assert {
    condition = alltrue([for name, policy in aws_s3_bucket_policy.tls_only : anytrue([
      for statement in jsondecode(policy.policy).Statement : statement.Effect == "Deny" && statement.Principal == "*"
      && statement.Action == "s3:*" && statement.Condition == { Bool = { "aws:SecureTransport" = "false" } }
      && toset(statement.Resource) == toset(["arn:aws:s3:::${name}", "arn:aws:s3:::${name}/*"])
    ])])
    error_message = "a bucket policy must deny s3:* on the bucket and its objects when aws:SecureTransport is false: ${jsonencode({ for name, policy in aws_s3_bucket_policy.tls_only : name => jsondecode(policy.policy) })}"
  }

  assert {
    condition = alltrue([for policy in aws_s3_bucket_policy.tls_only : alltrue([
      for statement in jsondecode(policy.policy).Statement : statement.Effect == "Deny"
    ])])
    error_message = "the TLS policies grant nothing (access comes from the functions' roles)"
  }
}

run "every_dead_letter_queue_keeps_messages_longer_than_its_source" {
  command = apply

  assert {
    condition = alltrue([
      for source in concat(values(aws_sqs_queue.batches), [aws_sqs_queue.split_chunks, aws_sqs_queue.split_failures]) :
      lookup({
        for queue in concat(values(aws_sqs_queue.dead_letters), [aws_sqs_queue.split_chunk_dead_letters, aws_sqs_queue.split_failure_dead_letters]) :
        queue.arn => queue.message_retention_seconds
      }, jsondecode(source.redrive_policy).deadLetterTargetArn, 0) > source.message_retention_seconds
    ])
    error_message = "a dead-letter queue keeps messages no longer than its source (source: dead-letter retention): ${jsonencode({ for source in concat(values(aws_sqs_queue.batches), [aws_sqs_queue.split_chunks, aws_sqs_queue.split_failures]) : source.name => [source.message_retention_seconds, jsondecode(source.redrive_policy).deadLetterTargetArn] })}"
  }

  assert {
    condition     = alltrue([for queue in local.dead_letter_queues : queue.message_retention_seconds == 1209600])
    error_message = "every dead-letter queue keeps messages for SQS's longest, 14 days (1209600 s)"
  }

  assert {
    condition     = length(local.dead_letter_queues) == length(aws_sqs_queue.batches) + 2
    error_message = "a queue with a redrive policy is missing from this test: every source queue and its dead-letter queue must be checked"
  }
}

run "a_longer_source_retention_is_refused" {
  command = plan
  variables {
    queue_retention_seconds = 1209600
  }
  expect_failures = [var.queue_retention_seconds]
}

run "only_the_webhook_has_a_reserved_concurrency" {
  command = plan

  assert {
    condition = jsonencode({ for name, function in aws_lambda_function.function : name => function.reserved_concurrent_executions }) == jsonencode({
      callbacks = 10, callbacks-report = -1, export = -1, poster = -1, replay = -1, report = -1, split-chunk = -1, split-failures = -1, splitter = -1
    })
    error_message = "reserved concurrency by function: ${jsonencode({ for name, function in aws_lambda_function.function : name => function.reserved_concurrent_executions })}"
  }
}

run "the_webhook_concurrency_follows_its_variable" {
  command = plan
  variables {
    callbacks_reserved_concurrency = 3
  }
  assert {
    condition     = aws_lambda_function.function["callbacks"].reserved_concurrent_executions == 3
    error_message = "callbacks_reserved_concurrency does not reach the callbacks function"
  }
}

run "the_webhook_cannot_be_left_without_a_cap_or_turned_off" {
  command = plan
  variables {
    callbacks_reserved_concurrency = 0
  }
  expect_failures = [var.callbacks_reserved_concurrency]
}

# The state key (docs/personal-data.md): a secret of its own, named to the splitter, split-chunk and replay only, and
# readable by their roles only. With generate_state_key = false (as here: mock providers cannot open ephemeral
# resources) Terraform writes no value.
run "only_the_split_and_replay_functions_can_read_the_state_key" {
  command = apply

  assert {
    condition = jsonencode(sort([for name, policy in aws_iam_role_policy.function : name if anytrue([
      for statement in jsondecode(policy.policy).Statement : contains(statement.Action, "secretsmanager:GetSecretValue")
      && contains(statement.Resource, aws_secretsmanager_secret.state.arn)
    ])])) == jsonencode(["replay", "split-chunk", "splitter"])
    error_message = "only the splitter, split-chunk and replay may read the state key: ${jsonencode({ for name, policy in aws_iam_role_policy.function : name => [for statement in jsondecode(policy.policy).Statement : statement.Resource if contains(statement.Action, "secretsmanager:GetSecretValue")] })}"
  }

  assert {
    condition     = jsonencode(sort([for name, function in aws_lambda_function.function : name if lookup(function.environment[0].variables, "PROFILE_SYNC_STATE_SECRET_ID", "") == aws_secretsmanager_secret.state.arn])) == jsonencode(["replay", "split-chunk", "splitter"])
    error_message = "the state secret's id must reach the splitter, split-chunk and replay, and no other function"
  }

  assert {
    condition     = length(aws_secretsmanager_secret_version.state) == 0 && output.secret_arns["state"] == aws_secretsmanager_secret.state.arn
    error_message = "with generate_state_key = false no value is written, and secret_arns names the state secret"
  }
}
