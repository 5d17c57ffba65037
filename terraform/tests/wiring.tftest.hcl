# How the pieces are wired: which function gets which secret id and destination endpoint, what invokes what, the
# queues, the alarms and the outputs. The mocks (tests/mocks) give ARNs that name their resource.

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

variables {
  function_zip = "tests/fixtures/function.zip"
  destinations = {
    insider    = { url = "https://unification.useinsider.com", max_concurrency = 10, requests_per_minute = 25000 }
    xtremepush = { url = "https://external-api.xtremepush.com" }
    evergage   = { url = "https://mybrand.eu.evergage.com" }
  }
  generate_webhook_secret = false
  generate_state_key      = false
  alarm_topic_arn         = "arn:aws:sns:eu-central-1:111111111111:alarms"
}

run "secrets_and_endpoints_reach_only_the_functions_that_use_them" {
  command = apply

  assert {
    condition = jsonencode({ for name, function in aws_lambda_function.function : name => sort([for key in keys(function.environment[0].variables) : key if strcontains(key, "SECRET")]) }) == jsonencode({
      splitter         = ["PROFILE_SYNC_STATE_SECRET_ID"]
      split-chunk      = ["PROFILE_SYNC_STATE_SECRET_ID"]
      split-failures   = []
      poster           = ["PROFILE_SYNC_EVERGAGE_SECRET_ID", "PROFILE_SYNC_INSIDER_SECRET_ID", "PROFILE_SYNC_XTREMEPUSH_SECRET_ID"]
      report           = []
      callbacks        = ["PROFILE_SYNC_CALLBACKS_SECRET_ID"]
      replay           = ["PROFILE_SYNC_STATE_SECRET_ID"]
      callbacks-report = []
      export           = ["PROFILE_SYNC_EVERGAGE_SECRET_ID"]
    })
    error_message = "secret ids by function: ${jsonencode({ for name, function in aws_lambda_function.function : name => sort([for key in keys(function.environment[0].variables) : key if strcontains(key, "SECRET")]) })}"
  }

  assert {
    condition = alltrue([
      aws_lambda_function.function["poster"].environment[0].variables["PROFILE_SYNC_INSIDER_SECRET_ID"] == aws_secretsmanager_secret.destination["insider"].arn,
      aws_lambda_function.function["poster"].environment[0].variables["PROFILE_SYNC_XTREMEPUSH_SECRET_ID"] == aws_secretsmanager_secret.destination["xtremepush"].arn,
      aws_lambda_function.function["poster"].environment[0].variables["PROFILE_SYNC_EVERGAGE_SECRET_ID"] == aws_secretsmanager_secret.destination["evergage"].arn,
      aws_lambda_function.function["export"].environment[0].variables["PROFILE_SYNC_EVERGAGE_SECRET_ID"] == aws_secretsmanager_secret.destination["evergage"].arn,
      aws_lambda_function.function["callbacks"].environment[0].variables["PROFILE_SYNC_CALLBACKS_SECRET_ID"] == aws_secretsmanager_secret.webhook.arn,
      aws_lambda_function.function["splitter"].environment[0].variables["PROFILE_SYNC_STATE_SECRET_ID"] == aws_secretsmanager_secret.state.arn,
      aws_lambda_function.function["split-chunk"].environment[0].variables["PROFILE_SYNC_STATE_SECRET_ID"] == aws_secretsmanager_secret.state.arn,
      aws_lambda_function.function["replay"].environment[0].variables["PROFILE_SYNC_STATE_SECRET_ID"] == aws_secretsmanager_secret.state.arn,
    ])
    error_message = "a secret id names the wrong secret"
  }

  assert {
    condition = jsonencode({ for name, function in aws_lambda_function.function : name => { for key, value in function.environment[0].variables : key => value if startswith(key, "QUARKUS_REST_CLIENT_") } }) == jsonencode({
      splitter       = {}
      split-chunk    = {}
      split-failures = {}
      poster = {
        QUARKUS_REST_CLIENT_EVERGAGE_URL   = "https://mybrand.eu.evergage.com"
        QUARKUS_REST_CLIENT_INSIDER_URL    = "https://unification.useinsider.com"
        QUARKUS_REST_CLIENT_XTREMEPUSH_URL = "https://external-api.xtremepush.com"
      }
      report           = {}
      callbacks        = {}
      replay           = {}
      callbacks-report = {}
      export           = { QUARKUS_REST_CLIENT_EVERGAGE_URL = "https://mybrand.eu.evergage.com" }
    })
    error_message = "destination endpoints by function: ${jsonencode({ for name, function in aws_lambda_function.function : name => { for key, value in function.environment[0].variables : key => value if startswith(key, "QUARKUS_REST_CLIENT_") } })}"
  }

  assert {
    condition = jsonencode({ for name, function in aws_lambda_function.function : name => lookup(function.environment[0].variables, "PROFILE_SYNC_EVERGAGE_DATASET", null) }) == jsonencode({
      splitter = null, split-chunk = null, split-failures = null, poster = "engage", report = null, callbacks = null, replay = null, callbacks-report = null, export = "engage"
    })
    error_message = "PROFILE_SYNC_EVERGAGE_DATASET goes to the poster and the export only"
  }

  assert {
    condition     = alltrue([for name, function in aws_lambda_function.function : function.environment[0].variables["QUARKUS_FUNQY_EXPORT"] == name])
    error_message = "every function selects itself with QUARKUS_FUNQY_EXPORT"
  }

  assert {
    condition     = jsonencode(output.secret_arns) == jsonencode({ evergage = aws_secretsmanager_secret.destination["evergage"].arn, insider = aws_secretsmanager_secret.destination["insider"].arn, state = aws_secretsmanager_secret.state.arn, webhook = aws_secretsmanager_secret.webhook.arn, xtremepush = aws_secretsmanager_secret.destination["xtremepush"].arn })
    error_message = "secret_arns: one secret per enabled destination, the webhook's and the state key's"
  }

  assert {
    condition     = output.webhook_url == "https://mockapi.execute-api.eu-central-1.amazonaws.com/callbacks/insider/"
    error_message = "webhook_url is the base URL, without the secret: ${output.webhook_url}"
  }
}

run "every_trigger_invokes_the_live_alias" {
  command = apply

  assert {
    condition     = alltrue([for alias in aws_lambda_alias.live : alias.name == "live" && alias.function_version == "$LATEST"])
    error_message = "native functions: each live alias follows $LATEST"
  }

  assert {
    condition     = one(aws_s3_bucket_notification.drop.lambda_function).lambda_function_arn == aws_lambda_alias.live["splitter"].arn
    error_message = "the S3 notification must invoke the splitter's live alias"
  }

  assert {
    condition     = alltrue([for destination, mapping in aws_lambda_event_source_mapping.poster : mapping.function_name == aws_lambda_alias.live["poster"].arn && mapping.event_source_arn == aws_sqs_queue.batches[destination].arn])
    error_message = "every destination queue's event source mapping must invoke the poster's live alias"
  }

  assert {
    condition     = aws_apigatewayv2_integration.callbacks.integration_uri == aws_lambda_alias.live["callbacks"].invoke_arn
    error_message = "the webhook integration must invoke the callbacks function's live alias"
  }

  assert {
    condition     = one(aws_scheduler_schedule.export[0].target).arn == aws_lambda_alias.live["export"].arn && jsondecode(aws_iam_role_policy.scheduler_invokes_export[0].policy).Statement[0].Resource == aws_lambda_alias.live["export"].arn
    error_message = "the export schedule must invoke (and be allowed to invoke only) the export's live alias"
  }

  assert {
    condition = alltrue([
      aws_lambda_permission.s3_invokes_splitter.qualifier == "live",
      aws_lambda_permission.s3_invokes_splitter.function_name == aws_lambda_function.function["splitter"].function_name,
      aws_lambda_permission.api_invokes_callbacks.qualifier == "live",
      aws_lambda_permission.api_invokes_callbacks.function_name == aws_lambda_function.function["callbacks"].function_name,
    ])
    error_message = "S3 and API Gateway must be allowed to invoke the live aliases"
  }

  assert {
    condition = alltrue([
      aws_lambda_permission.s3_invokes_splitter.principal == "s3.amazonaws.com",
      aws_lambda_permission.s3_invokes_splitter.source_arn == aws_s3_bucket.drop.arn,
      aws_lambda_permission.s3_invokes_splitter.source_account == "111111111111",
      aws_lambda_permission.s3_invokes_splitter.source_account == data.aws_caller_identity.current.account_id,
    ])
    error_message = "S3's permission to invoke the splitter must name the drop bucket and this account (source_account)"
  }
}

run "queues_and_event_sources" {
  command = apply

  assert {
    condition     = jsonencode({ for key, value in aws_lambda_function.function["poster"].environment[0].variables : key => value if endswith(key, "_REQUESTS_PER_MINUTE") }) == jsonencode({ PROFILE_SYNC_DESTINATIONS_INSIDER_REQUESTS_PER_MINUTE = "2250" }) && jsonencode(output.requests_per_minute_per_instance) == jsonencode({ insider = 2250 })
    error_message = "a destination's requests_per_minute is shared by its max_concurrency poster instances (25,000 x 0.9 / 10); a destination without one keeps its own limit"
  }

  assert {
    condition     = alltrue([for mapping in aws_lambda_event_source_mapping.poster : toset(mapping.function_response_types) == toset(["ReportBatchItemFailures"])])
    error_message = "the poster's event source mappings must report partial batch failures (ReportBatchItemFailures)"
  }

  assert {
    condition     = alltrue([for destination, mapping in aws_lambda_event_source_mapping.poster : one(mapping.scaling_config).maximum_concurrency == var.destinations[destination].max_concurrency])
    error_message = "each destination's event source mapping holds its max_concurrency"
  }

  assert {
    condition     = alltrue([for queue in aws_sqs_queue.batches : queue.visibility_timeout_seconds >= 6 * aws_lambda_function.function["poster"].timeout])
    error_message = "each batch queue's visibility timeout must be at least six times the poster's timeout"
  }

  assert {
    condition     = alltrue([for destination, queue in aws_sqs_queue.batches : jsondecode(queue.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dead_letters[destination].arn && jsondecode(queue.redrive_policy).maxReceiveCount == var.max_receive_count])
    error_message = "each batch queue redrives to its own dead-letter queue after max_receive_count deliveries"
  }

  assert {
    condition     = toset(keys(aws_sqs_queue.batches)) == toset(["insider", "xtremepush", "evergage"]) && toset(keys(aws_sqs_queue.dead_letters)) == toset(["insider", "xtremepush", "evergage"])
    error_message = "one queue and one dead-letter queue per enabled destination"
  }
}

run "a_longer_poster_timeout_lengthens_the_visibility_timeout" {
  command = plan
  variables {
    timeout_seconds = {
      split-chunk = 600
      poster      = 300
    }
  }

  assert {
    condition     = aws_lambda_function.function["splitter"].timeout == 900 && aws_lambda_function.function["export"].timeout == 900 && aws_lambda_function.function["callbacks"].timeout == 15
    error_message = "the functions timeout_seconds does not name keep their default timeouts"
  }

  assert {
    condition     = alltrue([for queue in aws_sqs_queue.batches : queue.visibility_timeout_seconds >= 6 * 300])
    error_message = "each batch queue's visibility timeout must follow the poster's timeout (six times)"
  }

  assert {
    condition     = aws_sqs_queue.split_chunks.visibility_timeout_seconds == 6 * 600
    error_message = "the split-chunks queue's visibility timeout must follow split-chunk's timeout (six times)"
  }
}

run "export_storage" {
  command = apply

  assert {
    condition     = one(aws_lambda_function.function["export"].ephemeral_storage).size == 10240
    error_message = "the export streams through a temporary file: its /tmp is export_ephemeral_storage_mb (10240 by default)"
  }

  assert {
    condition     = one(aws_lambda_function.function["splitter"].ephemeral_storage).size == 10240
    error_message = "the splitter spills users past its memory budget to /tmp: splitter_ephemeral_storage_mb (10240 by default)"
  }

  assert {
    condition     = one(aws_lambda_function.function["split-chunk"].ephemeral_storage).size == 10240
    error_message = "split-chunk spills a chunk's destination JSON and the reduce's partitions to /tmp: split_chunk_ephemeral_storage_mb (10240 by default)"
  }

  assert {
    condition     = [for name, function in aws_lambda_function.function : name if length(function.ephemeral_storage) > 0] == ["export", "split-chunk", "splitter"]
    error_message = "only the export, the splitter and split-chunk get more than Lambda's default /tmp"
  }
}

run "alarms" {
  command = apply

  assert {
    condition = alltrue([
      aws_cloudwatch_log_metric_filter.configuration_errors.log_group_name == aws_cloudwatch_log_group.function["poster"].name,
      strcontains(aws_cloudwatch_log_metric_filter.configuration_errors.pattern, "configuration error"),
      aws_cloudwatch_metric_alarm.configuration_errors.alarm_name == "profile-sync-configuration-errors",
      aws_cloudwatch_metric_alarm.configuration_errors.namespace == one(aws_cloudwatch_log_metric_filter.configuration_errors.metric_transformation).namespace,
      aws_cloudwatch_metric_alarm.configuration_errors.metric_name == one(aws_cloudwatch_log_metric_filter.configuration_errors.metric_transformation).name,
      aws_cloudwatch_metric_alarm.configuration_errors.threshold == 0,
      aws_cloudwatch_metric_alarm.configuration_errors.comparison_operator == "GreaterThanThreshold",
      toset(aws_cloudwatch_metric_alarm.configuration_errors.alarm_actions) == toset(["arn:aws:sns:eu-central-1:111111111111:profile-sync-runs", "arn:aws:sns:eu-central-1:111111111111:alarms"]),
    ])
    error_message = "the poster's \"configuration error\" log lines must raise <prefix>-configuration-errors on the alarm topic"
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.dead_letters) == 5 && length(aws_cloudwatch_metric_alarm.function) == 18
    error_message = "a dead-letter alarm per destination, split-chunks' and split-failures', and an errors and a throttles alarm per function"
  }

  assert {
    condition     = alltrue([for alarm in concat(values(aws_cloudwatch_metric_alarm.dead_letters), values(aws_cloudwatch_metric_alarm.function)) : toset(alarm.alarm_actions) == toset(["arn:aws:sns:eu-central-1:111111111111:profile-sync-runs", "arn:aws:sns:eu-central-1:111111111111:alarms"])])
    error_message = "dead-letter and function alarms notify the run events topic and the alarm topic"
  }
}

run "storage_keeps_its_lifecycle_rules" {
  command = apply

  assert {
    condition     = toset([for rule in aws_s3_bucket_lifecycle_configuration.work.rule : rule.id]) == toset(["expire-runs", "expire-callbacks", "expire-exports", "expire-split-chunks", "expire-outcome-table", "expire-query-results", "abort-incomplete-uploads"]) && toset([for rule in aws_s3_bucket_lifecycle_configuration.drop.rule : rule.id]) == toset(["expire-dropped-files"])
    error_message = "the buckets' lifecycle rules"
  }

  assert {
    condition     = one(aws_s3_bucket_notification.drop.lambda_function).filter_prefix == "incoming/"
    error_message = "only objects under incoming/ trigger the splitter"
  }

  assert {
    condition = one([for rule in aws_s3_bucket_lifecycle_configuration.work.rule :
      rule.status == "Enabled" && one(rule.filter).prefix == "split-chunks/" && one(rule.expiration).days == 7
    if rule.id == "expire-split-chunks"]) == true
    error_message = "a chunked split's intermediate files (split-chunks/) expire after split_chunk_retention_days (7 by default)"
  }
}

run "only_insider" {
  command = apply
  variables {
    destinations = { insider = { url = "https://unification.useinsider.com" }, xtremepush = { enabled = false }, evergage = { enabled = false } }
  }

  assert {
    condition     = keys(aws_sqs_queue.batches) == ["insider"] && keys(aws_secretsmanager_secret.destination) == ["insider"] && keys(output.secret_arns) == ["insider", "state", "webhook"]
    error_message = "only enabled destinations get a queue and a secret"
  }

  assert {
    condition = jsonencode({ for name, function in aws_lambda_function.function : name => sort([for key in keys(function.environment[0].variables) : key if strcontains(key, "SECRET") || startswith(key, "QUARKUS_REST_CLIENT_") || strcontains(key, "EVERGAGE_DATASET")]) }) == jsonencode({
      splitter         = ["PROFILE_SYNC_STATE_SECRET_ID"]
      split-chunk      = ["PROFILE_SYNC_STATE_SECRET_ID"]
      split-failures   = []
      poster           = ["PROFILE_SYNC_INSIDER_SECRET_ID", "QUARKUS_REST_CLIENT_INSIDER_URL"]
      report           = []
      callbacks        = ["PROFILE_SYNC_CALLBACKS_SECRET_ID"]
      replay           = ["PROFILE_SYNC_STATE_SECRET_ID"]
      callbacks-report = []
      export           = []
    })
    error_message = "disabled destinations' secret ids and endpoints must reach no function: ${jsonencode({ for name, function in aws_lambda_function.function : name => sort([for key in keys(function.environment[0].variables) : key if strcontains(key, "SECRET") || startswith(key, "QUARKUS_REST_CLIENT_") || strcontains(key, "EVERGAGE_DATASET")]) })}"
  }

  assert {
    condition     = length(aws_scheduler_schedule.export) == 0
    error_message = "without Evergage there is no Evergage export schedule"
  }
}

run "jvm" {
  command = apply
  variables {
    native = false
  }

  assert {
    condition     = alltrue([for name, alias in aws_lambda_alias.live : alias.function_version == aws_lambda_function.function[name].version])
    error_message = "JVM functions: each live alias points at the version published with the code (what SnapStart snapshots)"
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.function : function.runtime == "java21" && function.publish && one(function.snap_start).apply_on == "PublishedVersions"])
    error_message = "JVM functions run java21 with SnapStart on published versions"
  }

  assert {
    condition     = { for name, function in aws_lambda_function.function : name => function.environment[0].variables["JAVA_TOOL_OPTIONS"] if contains(keys(function.environment[0].variables), "JAVA_TOOL_OPTIONS") } == { split-chunk = "-XX:+UseParallelGC -XX:TieredStopAtLevel=4", splitter = "-XX:+UseParallelGC -XX:TieredStopAtLevel=4 -Xmx1g" }
    error_message = "only the splitter and split-chunk use the parallel collector"
  }
}

# The chunked split (docs/chunked-split.md, "Chunked split"): the splitter sends a message per chunk to split-chunks, which
# split-chunk consumes one at a time, split_chunk_concurrency at once.
run "chunked_split" {
  command = apply
  variables {
    split_chunk_concurrency  = 50
    split_chunk_bytes        = 134217728
    split_reduce_group_bytes = 1073741824
  }

  assert {
    condition = alltrue([
      aws_lambda_event_source_mapping.split_chunk.event_source_arn == aws_sqs_queue.split_chunks.arn,
      aws_lambda_event_source_mapping.split_chunk.function_name == aws_lambda_alias.live["split-chunk"].arn,
      aws_lambda_event_source_mapping.split_chunk.batch_size == 1,
      toset(aws_lambda_event_source_mapping.split_chunk.function_response_types) == toset(["ReportBatchItemFailures"]),
      one(aws_lambda_event_source_mapping.split_chunk.scaling_config).maximum_concurrency == 50,
    ])
    error_message = "split-chunks must invoke split-chunk's live alias one chunk at a time, reporting item failures, at most split_chunk_concurrency at once"
  }

  assert {
    condition = alltrue([
      aws_sqs_queue.split_chunks.name == "profile-sync-split-chunks",
      aws_sqs_queue.split_chunk_dead_letters.name == "profile-sync-split-chunks-dlq",
      jsondecode(aws_sqs_queue.split_chunks.redrive_policy).deadLetterTargetArn == aws_sqs_queue.split_chunk_dead_letters.arn,
      jsondecode(aws_sqs_queue.split_chunks.redrive_policy).maxReceiveCount == 3,
      aws_sqs_queue.split_chunks.visibility_timeout_seconds == 6 * aws_lambda_function.function["split-chunk"].timeout,
      aws_sqs_queue.split_chunks.sqs_managed_sse_enabled && aws_sqs_queue.split_chunk_dead_letters.sqs_managed_sse_enabled,
    ])
    error_message = "split-chunks redrives to split-chunks-dlq after 3 deliveries; its visibility timeout is six times split-chunk's timeout"
  }

  assert {
    condition = alltrue([
      aws_lambda_function.function["splitter"].environment[0].variables["PROFILE_SYNC_SPLIT_CHUNK_QUEUE_URL"] == aws_sqs_queue.split_chunks.url,
      aws_lambda_function.function["splitter"].environment[0].variables["PROFILE_SYNC_SPLIT_CHUNK_BYTES"] == "134217728",
      aws_lambda_function.function["splitter"].environment[0].variables["PROFILE_SYNC_SPLIT_REDUCE_GROUP_BYTES"] == "1073741824",
    ])
    error_message = "the splitter gets the split-chunks queue's URL, split_chunk_bytes and split_reduce_group_bytes"
  }

  assert {
    condition     = { for key, value in aws_lambda_function.function["split-chunk"].environment[0].variables : key => value if key != "QUARKUS_FUNQY_EXPORT" } == { for key, value in aws_lambda_function.function["splitter"].environment[0].variables : key => value if key != "QUARKUS_FUNQY_EXPORT" }
    error_message = "split-chunk gets the splitter's environment (buckets, destination queues, chunk settings)"
  }

  assert {
    condition = alltrue([
      aws_lambda_function.function["split-chunk"].function_name == "profile-sync-split-chunk",
      aws_lambda_function.function["split-chunk"].environment[0].variables["QUARKUS_FUNQY_EXPORT"] == "split-chunk",
      aws_lambda_function.function["split-chunk"].memory_size == 10240,
      aws_lambda_function.function["split-chunk"].timeout == 900,
      one(aws_lambda_function.function["split-chunk"].ephemeral_storage).size == 10240,
      aws_lambda_function.function["splitter"].memory_size == 3538,
      aws_lambda_function.function["splitter"].timeout == 900,
    ])
    error_message = "split-chunk: 10,240 MB, 900 s, 10,240 MB of /tmp; the splitter keeps its sizes"
  }

  assert {
    condition = alltrue([
      aws_cloudwatch_metric_alarm.dead_letters["split-chunks"].alarm_name == "profile-sync-split-chunks-dlq-not-empty",
      aws_cloudwatch_metric_alarm.dead_letters["split-chunks"].dimensions.QueueName == aws_sqs_queue.split_chunk_dead_letters.name,
      toset(aws_cloudwatch_metric_alarm.dead_letters["split-chunks"].alarm_actions) == toset(["arn:aws:sns:eu-central-1:111111111111:profile-sync-runs", "arn:aws:sns:eu-central-1:111111111111:alarms"]),
      output.dead_letter_queue_urls["split-chunks"] == aws_sqs_queue.split_chunk_dead_letters.url,
      output.split_chunk_queue_url == aws_sqs_queue.split_chunks.url,
    ])
    error_message = "split-chunks' dead-letter queue has its alarm (on the alarm topic) and is among the dead_letter_queue_urls"
  }
}

run "chunked_split_storage_and_retention_follow_their_variables" {
  command = plan
  variables {
    split_chunk_ephemeral_storage_mb = 4096
    split_chunk_retention_days       = 3
  }

  assert {
    condition     = one(aws_lambda_function.function["split-chunk"].ephemeral_storage).size == 4096
    error_message = "split-chunk's /tmp is split_chunk_ephemeral_storage_mb"
  }

  assert {
    condition     = one([for rule in aws_s3_bucket_lifecycle_configuration.work.rule : one(rule.expiration).days if rule.id == "expire-split-chunks"]) == 3
    error_message = "split-chunks/ expires after split_chunk_retention_days"
  }
}

# No file vanishes (docs/sync.md, "What a failed split looks like"): the splitter's failed asynchronous invocations, after
# Lambda's two retries, go to the split-failures queue, which Lambda may send to with the splitter's role; the
# split-failures function reads it and split-chunks' dead-letter queue. Without alarm_topic_arn, every function-error
# alarm still reaches the run events topic.
run "a_split_that_fails_for_good_fails_its_run" {
  command = apply
  variables {
    alarm_topic_arn = ""
  }

  assert {
    condition = alltrue([
      aws_lambda_function_event_invoke_config.splitter.function_name == aws_lambda_function.function["splitter"].function_name,
      aws_lambda_function_event_invoke_config.splitter.qualifier == aws_lambda_alias.live["splitter"].name,
      aws_lambda_function_event_invoke_config.splitter.maximum_retry_attempts == 2,
      one(one(aws_lambda_function_event_invoke_config.splitter.destination_config).on_failure).destination == aws_sqs_queue.split_failures.arn,
    ])
    error_message = "the splitter's live alias must send a failed asynchronous invocation, after two retries, to the split-failures queue"
  }

  assert {
    condition = contains(flatten([for s in jsondecode(aws_iam_role_policy.function["splitter"].policy).Statement :
    [for r in flatten([s.Resource]) : "${join(",", flatten([s.Action]))} ${r}"]]), "sqs:SendMessage ${aws_sqs_queue.split_failures.arn}")
    error_message = "Lambda sends the on-failure record with the splitter's role: it must allow sqs:SendMessage on split-failures"
  }

  assert {
    condition = alltrue([
      toset([for mapping in aws_lambda_event_source_mapping.split_failures : mapping.event_source_arn]) == toset([aws_sqs_queue.split_failures.arn, aws_sqs_queue.split_chunk_dead_letters.arn]),
      alltrue([for mapping in aws_lambda_event_source_mapping.split_failures : mapping.function_name == aws_lambda_alias.live["split-failures"].arn && mapping.batch_size == 1 && toset(mapping.function_response_types) == toset(["ReportBatchItemFailures"])]),
      jsondecode(aws_sqs_queue.split_failures.redrive_policy).deadLetterTargetArn == aws_sqs_queue.split_failure_dead_letters.arn,
      aws_sqs_queue.split_failures.visibility_timeout_seconds == 6 * aws_lambda_function.function["split-failures"].timeout,
      aws_sqs_queue.split_failures.sqs_managed_sse_enabled && aws_sqs_queue.split_failure_dead_letters.sqs_managed_sse_enabled,
    ])
    error_message = "split-failures must read the on-failure queue and split-chunks' dead-letter queue, one record at a time"
  }

  assert {
    condition     = alltrue([for alarm in concat(values(aws_cloudwatch_metric_alarm.function), values(aws_cloudwatch_metric_alarm.dead_letters), [aws_cloudwatch_metric_alarm.configuration_errors]) : alarm.alarm_actions == toset([aws_sns_topic.runs.arn]) || alarm.alarm_actions == [aws_sns_topic.runs.arn]])
    error_message = "without alarm_topic_arn every alarm (function errors and throttles, dead letters, configuration errors) still notifies the run events topic"
  }

  assert {
    condition     = one(aws_s3_bucket_versioning.drop.versioning_configuration).status == "Enabled"
    error_message = "the drop bucket is versioned: each S3 event names the version of the file the split reads"
  }
}
