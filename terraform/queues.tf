# One queue per vendor, each with its dead-letter queue.
resource "aws_sqs_queue" "dead_letters" {
  for_each                  = toset(local.vendors)
  name                      = "${local.name}-${each.key}-batches-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "batches" {
  for_each = toset(local.vendors)
  name     = "${local.name}-${each.key}-batches"
  # AWS requires the visibility timeout to be at least the function's timeout; six times is its advice.
  visibility_timeout_seconds = 6 * var.timeout_seconds["poster"]
  message_retention_seconds  = 1209600
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_lambda_event_source_mapping" "poster" {
  for_each                = toset(local.vendors)
  event_source_arn        = aws_sqs_queue.batches[each.key].arn
  function_name           = aws_lambda_alias.live["poster"].arn
  batch_size              = var.poster_batch_size
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = var.vendors[each.key].max_concurrency
  }
}
