locals {
  name    = var.name_prefix
  vendors = sort([for vendor, enabled in var.vendors_enabled : vendor if enabled])

  # Insider allows 25,000 requests a minute per account. Each poster instance holds its own rolling limit, and
  # at most poster_max_concurrency["insider"] instances run at once, so each may send
  # 90% of the account's limit divided by that concurrency: 25,000 x 0.9 / 10 = 2,250 a minute.
  insider_requests_per_minute = floor(var.insider_requests_per_minute_per_account * 0.9 / var.poster_max_concurrency["insider"])

  # Every function runs from the same package and selects itself with QUARKUS_FUNQY_EXPORT.
  functions = toset(["splitter", "poster", "report", "callbacks", "replay", "callbacks-report", "export"])

  common_environment = merge(
    {
      PROFILE_SYNC_OUTPUT_BUCKET    = aws_s3_bucket.work.bucket
      PROFILE_SYNC_CALLBACKS_BUCKET = aws_s3_bucket.work.bucket
      PROFILE_SYNC_EXPORT_BUCKET    = aws_s3_bucket.work.bucket
      PROFILE_SYNC_SECRETS_ID       = aws_secretsmanager_secret.credentials.arn
      PROFILE_SYNC_POSTER_MAX_RECEIVES = tostring(var.max_receive_count)
      PROFILE_SYNC_POSTER_TIME_BUDGET  = "${var.poster_time_budget_seconds}s"
      PROFILE_SYNC_VENDORS_INSIDER_REQUESTS_PER_MINUTE = tostring(local.insider_requests_per_minute)
      PROFILE_SYNC_VENDORS_EVERGAGE_MAX_ITEMS          = tostring(var.evergage_max_items)
      QUARKUS_REST_CLIENT_EVERGAGE_URL                 = var.evergage_url
    },
    { for vendor, enabled in var.vendors_enabled : format("PROFILE_SYNC_VENDORS_%s_ENABLED", upper(vendor)) => tostring(enabled) },
    { for vendor in local.vendors : format("PROFILE_SYNC_VENDORS_%s_QUEUE_URL", upper(vendor)) => aws_sqs_queue.batches[vendor].url },
    var.native ? { DISABLE_SIGNAL_HANDLERS = "true" } : {}
  )
}
