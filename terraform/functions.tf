locals {
  # Reserved concurrency, the most instances a function may run at once and what the account keeps for it
  # (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html): only the webhook, which anyone
  # holding its URL can call, has a cap (var.callbacks_reserved_concurrency); -1 leaves a function unreserved.
  reserved_concurrency = {
    callbacks = var.callbacks_reserved_concurrency
  }
  ephemeral_storage_mb = {
    splitter    = var.splitter_ephemeral_storage_mb
    split-chunk = var.split_chunk_ephemeral_storage_mb
    export      = var.export_ephemeral_storage_mb
  }
}

resource "aws_cloudwatch_log_group" "function" {
  for_each          = local.functions
  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_lambda_function" "function" {
  for_each                       = local.functions
  function_name                  = "${local.name}-${each.key}"
  role                           = aws_iam_role.function[each.key].arn
  filename                       = var.function_zip
  source_code_hash               = filebase64sha256(var.function_zip)
  runtime                        = var.native ? "provided.al2023" : "java21"
  handler                        = var.native ? "bootstrap" : "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"
  architectures                  = ["x86_64"]
  memory_size                    = local.memory_mb[each.key]
  timeout                        = local.timeout_seconds[each.key]
  publish                        = !var.native
  reserved_concurrent_executions = lookup(local.reserved_concurrency, each.key, -1)

  environment {
    variables = merge(local.common_environment, { QUARKUS_FUNQY_EXPORT = each.key }, local.function_environment[each.key])
  }

  # Structured logs (docs/observability.md, "JSON logs"): the functions write JSON lines (QUARKUS_LOG_CONSOLE_JSON_ENABLED), which
  # Lambda keeps as they are, and its own lines (START, REPORT...) become JSON too.
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  # X-Ray (docs/observability.md, "Tracing"): a trace per invocation, with the AWS calls; the roles may write segments (iam.tf).
  tracing_config {
    mode = "Active"
  }

  # The export streams its records through a temporary file in /tmp before uploading them (docs/destinations/personalization.md,
  # "Scheduled Evergage exports"), the splitter its accepted users past their memory budget (docs/sync.md, "Syncs and
  # change detection"), split-chunk a chunk's destination JSON and the reduce's partitions (docs/chunked-split.md, "Chunked split");
  # the other functions keep Lambda's default 512 MB.
  dynamic "ephemeral_storage" {
    for_each = contains(keys(local.ephemeral_storage_mb), each.key) ? [local.ephemeral_storage_mb[each.key]] : []
    content {
      size = ephemeral_storage.value
    }
  }

  dynamic "snap_start" {
    for_each = var.native ? [] : [1]
    content {
      apply_on = "PublishedVersions"
    }
  }

  depends_on = [aws_cloudwatch_log_group.function]
}

# Every trigger invokes this alias. In JVM mode it points at the version published with the code, which is
# what SnapStart snapshots (SnapStart never applies to $LATEST); native functions have no snapshot and follow
# $LATEST.
resource "aws_lambda_alias" "live" {
  for_each         = local.functions
  name             = "live"
  function_name    = aws_lambda_function.function[each.key].function_name
  function_version = var.native ? "$LATEST" : aws_lambda_function.function[each.key].version
}
