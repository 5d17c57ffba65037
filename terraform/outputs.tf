output "drop_bucket" {
  description = "Drop files under s3://<drop_bucket>/incoming/; mappings under mappings/"
  value       = aws_s3_bucket.drop.bucket
}

output "work_bucket" {
  description = "Runs (runs/), callbacks (callbacks/), exports (exports/) and chunked splits' intermediate files (split-chunks/)"
  value       = aws_s3_bucket.work.bucket
}

output "webhook_url" {
  description = "The base of Insider's error_callback_endpoint: append the webhook secret (the \"secret\" field of secret_arns[\"webhook\"]) and put the result in the insider secret as \"error-callback-endpoint\""
  value       = "${aws_apigatewayv2_stage.default.invoke_url}callbacks/insider/"
}

output "queue_urls" {
  description = "Each destination's batch queue"
  value       = { for destination in local.destinations : destination => aws_sqs_queue.batches[destination].url }
}

output "dead_letter_queue_urls" {
  description = "Each destination's dead-letter queue, and split-chunks' (chunks of large files split-chunk gave up on)"
  value       = { for name, queue in local.dead_letter_queues : name => queue.url }
}

output "split_chunk_queue_url" {
  description = "The split-chunks queue: one message per chunk of a file larger than split_chunk_bytes"
  value       = aws_sqs_queue.split_chunks.url
}

output "secret_arns" {
  description = "Secrets Manager secret ARNs by name: each enabled destination's credentials (put their JSON after apply) and the generated webhook secret"
  value       = local.secret_arns
}

output "functions" {
  description = "Function names, by role"
  value       = { for function in local.functions : function => aws_lambda_function.function[function].function_name }
}

output "requests_per_minute_per_instance" {
  description = "The rate limit each poster instance holds, per destination with a requests_per_minute (Insider: 2,250)"
  value       = local.requests_per_minute_per_instance
}

output "outcome_table" {
  description = "The Glue table Athena queries for every user's outcome (docs/querying-outcomes.md), as database.table"
  value       = "${aws_glue_catalog_database.outcomes.name}.${aws_glue_catalog_table.outcomes.name}"
}

output "athena_workgroup" {
  description = "The Athena workgroup to query the outcome table in (its results go to athena-results/ in the work bucket)"
  value       = aws_athena_workgroup.outcomes.name
}
