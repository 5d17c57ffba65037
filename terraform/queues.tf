# Every dead-letter queue keeps its messages for SQS's longest, 14 days, longer than its source queue
# (var.queue_retention_seconds): a message moved to a dead-letter queue keeps its original enqueue time, so a
# dead-letter queue that kept messages no longer than its source could drop a message as soon as it arrives
# ("Setting-up dead-letter queue retention in Amazon SQS",
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html).
locals {
  dead_letter_retention_seconds = 1209600
}

# One queue per destination, each with its dead-letter queue.
resource "aws_sqs_queue" "dead_letters" {
  for_each                  = toset(local.destinations)
  name                      = "${local.name}-${each.key}-batches-dlq"
  message_retention_seconds = local.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "batches" {
  for_each = toset(local.destinations)
  name     = "${local.name}-${each.key}-batches"
  # AWS requires the visibility timeout to be at least the function's timeout; six times is its advice.
  visibility_timeout_seconds = 6 * local.timeout_seconds["poster"]
  message_retention_seconds  = var.queue_retention_seconds
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letters[each.key].arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_lambda_event_source_mapping" "poster" {
  for_each                = toset(local.destinations)
  event_source_arn        = aws_sqs_queue.batches[each.key].arn
  function_name           = aws_lambda_alias.live["poster"].arn
  batch_size              = var.poster_batch_size
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = local.destination_settings[each.key].max_concurrency
  }
}

# The chunked split (docs/chunked-split.md, "Chunked split"): the splitter sends one message per chunk of a large file; split-chunk
# splits each chunk, and the invocation that finishes the last one sends one message per group of partitions of the
# reduce, which split-chunk reduces the same way. A message that fails three times goes to the dead-letter queue,
# and its run fails (split-failures, below).
locals {
  split_chunk_max_receive_count = 3
}

resource "aws_sqs_queue" "split_chunk_dead_letters" {
  name                      = "${local.name}-split-chunks-dlq"
  message_retention_seconds = local.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "split_chunks" {
  name = "${local.name}-split-chunks"
  # At least the function's timeout, six times as AWS advises (as for the batch queues).
  visibility_timeout_seconds = 6 * local.timeout_seconds["split-chunk"]
  message_retention_seconds  = var.queue_retention_seconds
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.split_chunk_dead_letters.arn
    maxReceiveCount     = local.split_chunk_max_receive_count
  })
}

# One chunk per invocation; split_chunk_concurrency chunks at once.
resource "aws_lambda_event_source_mapping" "split_chunk" {
  event_source_arn        = aws_sqs_queue.split_chunks.arn
  function_name           = aws_lambda_alias.live["split-chunk"].arn
  batch_size              = 1
  function_response_types = ["ReportBatchItemFailures"]
  scaling_config {
    maximum_concurrency = var.split_chunk_concurrency
  }
}

# No file vanishes (docs/sync.md, "What a failed split looks like"). S3 invokes the splitter asynchronously: Lambda makes
# the attempt and two retries, then sends the invocation record (which holds the S3 event) to the on-failure
# destination, the split-failures queue ("Capturing records of Lambda asynchronous invocations",
# https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html). A chunk whose message failed on
# every delivery lands in split-chunks' dead-letter queue. The split-failures function reads both queues and makes
# each such run a failed one: a failed manifest saying why, its report and a Run Failed event.
resource "aws_lambda_function_event_invoke_config" "splitter" {
  function_name          = aws_lambda_function.function["splitter"].function_name
  qualifier              = aws_lambda_alias.live["splitter"].name
  maximum_retry_attempts = 2
  destination_config {
    on_failure {
      destination = aws_sqs_queue.split_failures.arn
    }
  }
}

resource "aws_sqs_queue" "split_failure_dead_letters" {
  name                      = "${local.name}-split-failures-dlq"
  message_retention_seconds = local.dead_letter_retention_seconds
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "split_failures" {
  name                       = "${local.name}-split-failures"
  visibility_timeout_seconds = 6 * local.timeout_seconds["split-failures"]
  message_retention_seconds  = var.queue_retention_seconds
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.split_failure_dead_letters.arn
    maxReceiveCount     = 5
  })
}

resource "aws_lambda_event_source_mapping" "split_failures" {
  for_each = {
    on-failure  = aws_sqs_queue.split_failures.arn
    dead-chunks = aws_sqs_queue.split_chunk_dead_letters.arn
  }
  event_source_arn        = each.value
  function_name           = aws_lambda_alias.live["split-failures"].arn
  batch_size              = 1
  function_response_types = ["ReportBatchItemFailures"]
}

locals {
  # Every dead-letter queue, by the name its alarm and output use: each destination's, split-chunks' (which the
  # split-failures function empties as it fails their runs) and split-failures' own.
  dead_letter_queues = merge(
    { for destination in local.destinations : destination => aws_sqs_queue.dead_letters[destination] },
    { split-chunks = aws_sqs_queue.split_chunk_dead_letters, split-failures = aws_sqs_queue.split_failure_dead_letters }
  )
}
