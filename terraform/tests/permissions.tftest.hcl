# Each function role's policy is exactly what function-permissions.json says the function does ('functions',
# recorded from the packaged functions, plus 'platform', what Lambda does with the role), its own log group and
# X-Ray's two actions for active tracing (xray:PutTraceSegments and xray:PutTelemetryRecords on "*"):
# a missing permission fails like a surplus one. The mocks (tests/mocks) give every bucket, queue, secret and
# log group an ARN of its own; var.symbols maps them back to the file's notation, and an S3 object ARN
# arn:aws:s3:::<bucket>/<key> becomes <bucket>/<key>. A pair reads "<action> <resource>".

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
    insider    = { max_concurrency = 10, requests_per_minute = 25000 }
    xtremepush = {}
    evergage   = { url = "https://mock.eu.evergage.com" }
  }
  generate_webhook_secret = false
  generate_state_key      = false

  permissions = jsondecode(file("tests/function-permissions.json"))
  symbols = merge(
    {
      "arn:aws:s3:::drop"                                          = "bucket/drop"
      "arn:aws:s3:::work"                                          = "bucket/work"
      "arn:aws:events:eu-central-1:111111111111:event-bus/default" = "bus/default"
    },
    { for queue in ["insider", "xtremepush", "evergage", "split-chunks", "split-chunks-dlq", "split-failures"] : "arn:aws:sqs:eu-central-1:111111111111:${queue}" => "queue/${queue}" },
    { for name in ["insider", "xtremepush", "evergage", "webhook", "state"] : "arn:aws:secretsmanager:eu-central-1:111111111111:secret:${name}-AbCdEf" => "secret/${name}" },
    { for function in ["splitter", "split-chunk", "split-failures", "poster", "report", "callbacks", "replay", "callbacks-report", "export"] : "arn:aws:logs:eu-central-1:111111111111:log-group:${function}:*" => "log-group/${function}" }
  )
}

run "every_role_allows_exactly_what_its_function_does" {
  command = apply

  assert {
    condition     = toset(keys(aws_iam_role_policy.function)) == toset(keys(var.permissions.functions))
    error_message = "one role per function in function-permissions.json: ${jsonencode(sort(keys(aws_iam_role_policy.function)))} against ${jsonencode(sort(keys(var.permissions.functions)))}"
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["splitter"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["splitter"], try(var.permissions.platform["splitter"], []), ["logs:CreateLogStream log-group/splitter", "logs:PutLogEvents log-group/splitter", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "splitter: its role's policy is not exactly function-permissions.json's splitter entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["splitter"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["splitter"], try(var.permissions.platform["splitter"], []), ["logs:CreateLogStream log-group/splitter", "logs:PutLogEvents log-group/splitter", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["splitter"], try(var.permissions.platform["splitter"], []), ["logs:CreateLogStream log-group/splitter", "logs:PutLogEvents log-group/splitter", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["splitter"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["split-chunk"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["split-chunk"], try(var.permissions.platform["split-chunk"], []), ["logs:CreateLogStream log-group/split-chunk", "logs:PutLogEvents log-group/split-chunk", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "split-chunk: its role's policy is not exactly function-permissions.json's split-chunk entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["split-chunk"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["split-chunk"], try(var.permissions.platform["split-chunk"], []), ["logs:CreateLogStream log-group/split-chunk", "logs:PutLogEvents log-group/split-chunk", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["split-chunk"], try(var.permissions.platform["split-chunk"], []), ["logs:CreateLogStream log-group/split-chunk", "logs:PutLogEvents log-group/split-chunk", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["split-chunk"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["split-failures"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["split-failures"], try(var.permissions.platform["split-failures"], []), ["logs:CreateLogStream log-group/split-failures", "logs:PutLogEvents log-group/split-failures", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "split-failures: its role's policy is not exactly function-permissions.json's split-failures entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["split-failures"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["split-failures"], try(var.permissions.platform["split-failures"], []), ["logs:CreateLogStream log-group/split-failures", "logs:PutLogEvents log-group/split-failures", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["split-failures"], try(var.permissions.platform["split-failures"], []), ["logs:CreateLogStream log-group/split-failures", "logs:PutLogEvents log-group/split-failures", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["split-failures"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["poster"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["poster"], try(var.permissions.platform["poster"], []), ["logs:CreateLogStream log-group/poster", "logs:PutLogEvents log-group/poster", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "poster: its role's policy is not exactly function-permissions.json's poster entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["poster"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["poster"], try(var.permissions.platform["poster"], []), ["logs:CreateLogStream log-group/poster", "logs:PutLogEvents log-group/poster", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["poster"], try(var.permissions.platform["poster"], []), ["logs:CreateLogStream log-group/poster", "logs:PutLogEvents log-group/poster", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["poster"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["report"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["report"], try(var.permissions.platform["report"], []), ["logs:CreateLogStream log-group/report", "logs:PutLogEvents log-group/report", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "report: its role's policy is not exactly function-permissions.json's report entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["report"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["report"], try(var.permissions.platform["report"], []), ["logs:CreateLogStream log-group/report", "logs:PutLogEvents log-group/report", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["report"], try(var.permissions.platform["report"], []), ["logs:CreateLogStream log-group/report", "logs:PutLogEvents log-group/report", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["report"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["callbacks"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["callbacks"], try(var.permissions.platform["callbacks"], []), ["logs:CreateLogStream log-group/callbacks", "logs:PutLogEvents log-group/callbacks", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "callbacks: its role's policy is not exactly function-permissions.json's callbacks entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["callbacks"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["callbacks"], try(var.permissions.platform["callbacks"], []), ["logs:CreateLogStream log-group/callbacks", "logs:PutLogEvents log-group/callbacks", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["callbacks"], try(var.permissions.platform["callbacks"], []), ["logs:CreateLogStream log-group/callbacks", "logs:PutLogEvents log-group/callbacks", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["callbacks"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["replay"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["replay"], try(var.permissions.platform["replay"], []), ["logs:CreateLogStream log-group/replay", "logs:PutLogEvents log-group/replay", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "replay: its role's policy is not exactly function-permissions.json's replay entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["replay"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["replay"], try(var.permissions.platform["replay"], []), ["logs:CreateLogStream log-group/replay", "logs:PutLogEvents log-group/replay", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["replay"], try(var.permissions.platform["replay"], []), ["logs:CreateLogStream log-group/replay", "logs:PutLogEvents log-group/replay", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["replay"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["callbacks-report"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["callbacks-report"], try(var.permissions.platform["callbacks-report"], []), ["logs:CreateLogStream log-group/callbacks-report", "logs:PutLogEvents log-group/callbacks-report", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "callbacks-report: its role's policy is not exactly function-permissions.json's callbacks-report entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["callbacks-report"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["callbacks-report"], try(var.permissions.platform["callbacks-report"], []), ["logs:CreateLogStream log-group/callbacks-report", "logs:PutLogEvents log-group/callbacks-report", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["callbacks-report"], try(var.permissions.platform["callbacks-report"], []), ["logs:CreateLogStream log-group/callbacks-report", "logs:PutLogEvents log-group/callbacks-report", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["callbacks-report"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }

  assert {
    condition     = toset(flatten([for s in jsondecode(aws_iam_role_policy.function["export"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) == toset(concat(var.permissions.functions["export"], try(var.permissions.platform["export"], []), ["logs:CreateLogStream log-group/export", "logs:PutLogEvents log-group/export", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))
    error_message = "export: its role's policy is not exactly function-permissions.json's export entries and its log group. Surplus: ${jsonencode(setsubtract(toset(flatten([for s in jsondecode(aws_iam_role_policy.function["export"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])), toset(concat(var.permissions.functions["export"], try(var.permissions.platform["export"], []), ["logs:CreateLogStream log-group/export", "logs:PutLogEvents log-group/export", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]))))}. Missing: ${jsonencode(setsubtract(toset(concat(var.permissions.functions["export"], try(var.permissions.platform["export"], []), ["logs:CreateLogStream log-group/export", "logs:PutLogEvents log-group/export", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"])), toset(flatten([for s in jsondecode(aws_iam_role_policy.function["export"].policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))))}."
  }
}

# With destinations off, their queues and secrets leave every policy, and no statement is left without resources
# (IAM refuses one; the mocks would not).
run "disabled_destinations_leave_the_policies" {
  command = apply
  variables {
    destinations = { insider = {}, xtremepush = { enabled = false }, evergage = { enabled = false } }
    disabled     = ["queue/xtremepush", "secret/xtremepush", "queue/evergage", "secret/evergage"]
  }

  assert {
    condition = alltrue([for function, policy in aws_iam_role_policy.function :
      toset(flatten([for s in jsondecode(policy.policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]]))
      == toset([for pair in concat(var.permissions.functions[function], try(var.permissions.platform[function], []), ["logs:CreateLogStream log-group/${function}", "logs:PutLogEvents log-group/${function}", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]) : pair if !contains(var.disabled, split(" ", pair)[1])])
    ])
    error_message = "roles not exactly function-permissions.json without xtremepush and evergage: ${jsonencode([for function, policy in aws_iam_role_policy.function : function if toset(flatten([for s in jsondecode(policy.policy).Statement : [for a in flatten([s.Action]) : [for r in flatten([s.Resource]) : "${s.Effect == "Allow" ? "" : "${s.Effect} "}${a} ${lookup(var.symbols, r, trimprefix(r, "arn:aws:s3:::"))}"]]])) != toset([for pair in concat(var.permissions.functions[function], try(var.permissions.platform[function], []), ["logs:CreateLogStream log-group/${function}", "logs:PutLogEvents log-group/${function}", "xray:PutTraceSegments *", "xray:PutTelemetryRecords *"]) : pair if !contains(var.disabled, split(" ", pair)[1])])])}"
  }

  assert {
    condition     = alltrue(flatten([for policy in aws_iam_role_policy.function : [for s in jsondecode(policy.policy).Statement : length(flatten([s.Resource])) > 0]]))
    error_message = "a policy statement has no resource: ${jsonencode([for function, policy in aws_iam_role_policy.function : function if !alltrue([for s in jsondecode(policy.policy).Statement : length(flatten([s.Resource])) > 0])])}"
  }
}
