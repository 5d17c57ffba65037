output "drop_bucket" {
  description = "Drop files under s3://<drop_bucket>/incoming/; mappings under mappings/"
  value       = aws_s3_bucket.drop.bucket
}

output "work_bucket" {
  description = "Runs (runs/), callbacks (callbacks/) and exports (exports/)"
  value       = aws_s3_bucket.work.bucket
}

output "webhook_url" {
  description = "Insider's error_callback_endpoint (set PROFILE_SYNC_INSIDER_ERROR_CALLBACK_ENDPOINT in the credentials secret to it)"
  value       = "${aws_apigatewayv2_stage.default.invoke_url}callbacks/insider/${random_password.webhook.result}"
  sensitive   = true
}

output "queue_urls" {
  description = "Each vendor's batch queue"
  value       = { for vendor in local.vendors : vendor => aws_sqs_queue.batches[vendor].url }
}

output "dead_letter_queue_urls" {
  description = "Each vendor's dead-letter queue"
  value       = { for vendor in local.vendors : vendor => aws_sqs_queue.dead_letters[vendor].url }
}

output "credentials_secret_arn" {
  description = "Put the vendor credentials here (JSON of configuration keys to values)"
  value       = aws_secretsmanager_secret.credentials.arn
}

output "functions" {
  description = "Function names, by role"
  value       = { for function in local.functions : function => aws_lambda_function.function[function].function_name }
}

output "insider_requests_per_minute_per_instance" {
  description = "The rate limit each poster instance holds for Insider"
  value       = local.insider_requests_per_minute
}
