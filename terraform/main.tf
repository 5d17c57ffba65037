locals {
  name    = var.name_prefix
  vendors = sort([for vendor, enabled in var.vendors_enabled : vendor if enabled])

  # Insider allows 25,000 requests a minute per account. Each poster instance holds its own rolling limit, and
  # at most poster_max_concurrency["insider"] instances run at once, so each may send
  # 90% of the account's limit divided by that concurrency: 25,000 x 0.9 / 10 = 2,250 a minute.
  insider_requests_per_minute = floor(var.insider_requests_per_minute_per_account * 0.9 / var.poster_max_concurrency["insider"])

  # Every function runs from the same package and selects itself with QUARKUS_FUNQY_EXPORT.
  functions = toset(["splitter", "poster", "report", "callbacks", "replay", "callbacks-report", "export"])

  vendor_urls = {
    insider    = var.insider_url
    xtremepush = var.xtremepush_url
    evergage   = var.evergage_url
  }
  evergage_enabled = contains(local.vendors, "evergage")

  # Non-secret configuration every function gets: buckets, which vendors are on, their queues and batch limits.
  common_environment = merge(
    {
      PROFILE_SYNC_OUTPUT_BUCKET              = aws_s3_bucket.work.bucket
      PROFILE_SYNC_CALLBACKS_BUCKET           = aws_s3_bucket.work.bucket
      PROFILE_SYNC_EXPORT_BUCKET              = aws_s3_bucket.work.bucket
      PROFILE_SYNC_VENDORS_EVERGAGE_MAX_ITEMS = tostring(var.evergage_max_items)
    },
    { for vendor, enabled in var.vendors_enabled : format("PROFILE_SYNC_VENDORS_%s_ENABLED", upper(vendor)) => tostring(enabled) },
    { for vendor in local.vendors : format("PROFILE_SYNC_VENDORS_%s_QUEUE_URL", upper(vendor)) => aws_sqs_queue.batches[vendor].url },
    var.native ? { DISABLE_SIGNAL_HANDLERS = "true" } : {}
  )

  # What only some functions get: vendor endpoints and secret ids go to the functions that call the vendor.
  function_environment = {
    # The splitter is a throughput job: the parallel collector splits a file about 1.3 times as fast as G1
    # (BENCHMARKS.md). Native images have their own collector.
    splitter = var.native ? {} : { JAVA_TOOL_OPTIONS = "-XX:+UseParallelGC" }
    poster = merge(
      {
        PROFILE_SYNC_POSTER_MAX_RECEIVES                 = tostring(var.max_receive_count)
        PROFILE_SYNC_POSTER_TIME_BUDGET                  = "${var.poster_time_budget_seconds}s"
        PROFILE_SYNC_VENDORS_INSIDER_REQUESTS_PER_MINUTE = tostring(local.insider_requests_per_minute)
      },
      { for vendor in local.vendors : format("QUARKUS_REST_CLIENT_%s_URL", upper(vendor)) => local.vendor_urls[vendor] },
      { for vendor in local.vendors : format("PROFILE_SYNC_%s_SECRET_ID", upper(vendor)) => aws_secretsmanager_secret.vendor[vendor].arn },
      local.evergage_enabled ? { PROFILE_SYNC_EVERGAGE_DATASET = var.evergage_dataset } : {}
    )
    report = {}
    callbacks = {
      PROFILE_SYNC_CALLBACKS_SECRET_ID = aws_secretsmanager_secret.webhook.arn
    }
    replay           = {}
    callbacks-report = {}
    # The Evergage export; without Evergage it has nothing to call (and no schedule).
    export = { for key, value in {
      QUARKUS_REST_CLIENT_EVERGAGE_URL = var.evergage_url
      PROFILE_SYNC_EVERGAGE_SECRET_ID  = try(aws_secretsmanager_secret.vendor["evergage"].arn, "")
      PROFILE_SYNC_EVERGAGE_DATASET    = var.evergage_dataset
    } : key => value if local.evergage_enabled }
  }
}
