# The outcome table (outcomes.tf, docs/querying-outcomes.md): a Glue table Athena reads by partition projection over
# tables/outcomes/ in the work bucket, with the columns the report writes, a workgroup with its results location,
# and writers that may put objects there and nowhere else in tables/. Also the webhook's access log (APIGateway.9).

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

override_resource {
  target = aws_cloudwatch_log_group.webhook_access
  values = { arn = "arn:aws:logs:eu-central-1:111111111111:log-group:/aws/apigateway/profile-sync-webhook" }
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

run "athena_reads_the_table_by_projection_over_its_prefix" {
  command = apply

  assert {
    condition     = aws_glue_catalog_table.outcomes.storage_descriptor[0].location == "s3://work/tables/outcomes/" && aws_glue_catalog_table.outcomes.database_name == aws_glue_catalog_database.outcomes.name
    error_message = "the table must be over s3://work/tables/outcomes/: ${aws_glue_catalog_table.outcomes.storage_descriptor[0].location}"
  }

  assert {
    condition = [for column in aws_glue_catalog_table.outcomes.storage_descriptor[0].columns : "${column.name} ${column.type}"] == [
      "run_id string", "source string", "stream string", "line bigint", "key_hash bigint", "outcome string", "reason string",
      "batch int", "part string", "http_status int", "recorded_at string",
    ]
    error_message = "the columns must be those report.OutcomeTable writes, in order: ${jsonencode([for column in aws_glue_catalog_table.outcomes.storage_descriptor[0].columns : "${column.name} ${column.type}"])}"
  }

  assert {
    condition     = [for key in aws_glue_catalog_table.outcomes.partition_keys : "${key.name} ${key.type}"] == ["sync string", "destination string", "date string"]
    error_message = "partitioned by sync, destination and date: ${jsonencode([for key in aws_glue_catalog_table.outcomes.partition_keys : key.name])}"
  }

  assert {
    condition     = aws_glue_catalog_table.outcomes.parameters["projection.enabled"] == "true" && aws_glue_catalog_table.outcomes.parameters["projection.sync.type"] == "injected" && aws_glue_catalog_table.outcomes.parameters["projection.destination.type"] == "enum" && aws_glue_catalog_table.outcomes.parameters["projection.destination.values"] == "evergage,insider,xtremepush" && aws_glue_catalog_table.outcomes.parameters["projection.date.type"] == "date" && aws_glue_catalog_table.outcomes.parameters["projection.date.format"] == "yyyy-MM-dd" && aws_glue_catalog_table.outcomes.parameters["projection.date.range"] == "2026-01-01,NOW" && aws_glue_catalog_table.outcomes.parameters["projection.date.interval"] == "1" && aws_glue_catalog_table.outcomes.parameters["projection.date.interval.unit"] == "DAYS"
    error_message = "partition projection: sync injected, destination the enabled destinations, date by day: ${jsonencode(aws_glue_catalog_table.outcomes.parameters)}"
  }

  assert {
    condition     = aws_glue_catalog_table.outcomes.parameters["storage.location.template"] == "s3://work/tables/outcomes/sync=$${sync}/destination=$${destination}/date=$${date}/"
    error_message = "the partitions' location must be the writers' Hive-style keys: ${aws_glue_catalog_table.outcomes.parameters["storage.location.template"]}"
  }

  assert {
    condition     = aws_glue_catalog_table.outcomes.storage_descriptor[0].ser_de_info[0].serialization_library == "org.openx.data.jsonserde.JsonSerDe" && aws_glue_catalog_table.outcomes.storage_descriptor[0].input_format == "org.apache.hadoop.mapred.TextInputFormat"
    error_message = "JSON lines, read with the OpenX JSON SerDe"
  }

  assert {
    condition     = aws_athena_workgroup.outcomes.configuration[0].result_configuration[0].output_location == "s3://work/athena-results/" && aws_athena_workgroup.outcomes.configuration[0].enforce_workgroup_configuration
    error_message = "the workgroup keeps its results in s3://work/athena-results/, enforced: ${aws_athena_workgroup.outcomes.configuration[0].result_configuration[0].output_location}"
  }

  assert {
    condition     = length([for rule in aws_s3_bucket_lifecycle_configuration.work.rule : rule if try(rule.filter[0].prefix, "") == "tables/outcomes/" && try(rule.expiration[0].days, 0) == 365]) == 1 && length([for rule in aws_s3_bucket_lifecycle_configuration.work.rule : rule if try(rule.filter[0].prefix, "") == "athena-results/" && try(rule.expiration[0].days, 0) == 7]) == 1
    error_message = "the table's rows expire after outcome_retention_days (365), query results after outcome_query_results_days (7)"
  }
}

run "only_the_reporters_write_the_table_and_only_under_its_prefix" {
  command = apply

  assert {
    condition = toset([for function, policy in aws_iam_role_policy.function : function if anytrue([
      for statement in jsondecode(policy.policy).Statement : statement.Effect == "Allow" && contains(flatten([statement.Action]), "s3:PutObject")
      && contains(flatten([statement.Resource]), "arn:aws:s3:::work/tables/outcomes/*")
    ])]) == toset(["splitter", "split-chunk", "poster", "report"])
    error_message = "the functions that report runs (and only they) write the outcome table"
  }

  assert {
    condition = alltrue(flatten([for policy in aws_iam_role_policy.function : [
      for statement in jsondecode(policy.policy).Statement : [for resource in flatten([statement.Resource]) :
        resource == "arn:aws:s3:::work/tables/outcomes/*" || !startswith(resource, "arn:aws:s3:::work/tables")
      ] if contains(flatten([statement.Action]), "s3:PutObject")
    ]]))
    error_message = "a role may put objects under tables/outcomes/ and nowhere else in tables/"
  }

  assert {
    condition = alltrue(flatten([for policy in aws_iam_role_policy.function : [
      for statement in jsondecode(policy.policy).Statement : [for resource in flatten([statement.Resource]) :
        !contains(["*", "arn:aws:s3:::*", "arn:aws:s3:::work/*", "arn:aws:s3:::work/tables*", "arn:aws:s3:::work/tables/*"], resource)
      ] if anytrue([for action in flatten([statement.Action]) : contains(["s3:PutObject", "s3:*", "*"], action)])
    ]]))
    error_message = "no role may put objects anywhere in the work bucket (a wider grant than its prefixes would let it write the table)"
  }
}

run "the_table_projects_only_the_enabled_destinations" {
  command = apply
  variables {
    destinations = { insider = {}, xtremepush = { enabled = false }, evergage = { enabled = false } }
  }

  assert {
    condition     = aws_glue_catalog_table.outcomes.parameters["projection.destination.values"] == "insider"
    error_message = "a disabled destination has no partitions: ${aws_glue_catalog_table.outcomes.parameters["projection.destination.values"]}"
  }
}

run "the_webhook_stage_logs_every_request_to_its_own_log_group" {
  command = apply

  assert {
    condition     = aws_apigatewayv2_stage.default.access_log_settings[0].destination_arn == "arn:aws:logs:eu-central-1:111111111111:log-group:/aws/apigateway/profile-sync-webhook" && aws_cloudwatch_log_group.webhook_access.retention_in_days == 30
    error_message = "the stage's access log goes to its log group, kept log_retention_days (30): ${aws_apigatewayv2_stage.default.access_log_settings[0].destination_arn}"
  }

  assert {
    condition     = jsondecode(aws_apigatewayv2_stage.default.access_log_settings[0].format).requestId == "$context.requestId" && jsondecode(aws_apigatewayv2_stage.default.access_log_settings[0].format).sourceIp == "$context.identity.sourceIp" && jsondecode(aws_apigatewayv2_stage.default.access_log_settings[0].format).status == "$context.status"
    error_message = "each line names the request, the caller's address and the answer: ${aws_apigatewayv2_stage.default.access_log_settings[0].format}"
  }

  assert {
    condition     = !strcontains(aws_apigatewayv2_stage.default.access_log_settings[0].format, "$context.path") && !strcontains(aws_apigatewayv2_stage.default.access_log_settings[0].format, "$context.rawPath")
    error_message = "the access log must not log the path: it ends with the webhook secret"
  }
}

run "a_shorter_log_retention_applies_to_the_access_log_too" {
  command = plan
  variables {
    log_retention_days = 7
  }

  assert {
    condition     = aws_cloudwatch_log_group.webhook_access.retention_in_days == 7
    error_message = "the access log follows log_retention_days"
  }
}
