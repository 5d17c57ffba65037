locals {
  name         = var.name_prefix
  destinations = sort([for destination, settings in local.destination_settings : destination if settings.enabled])

  # A destination's requests_per_minute is its limit per account (Insider: 25,000). Each poster instance holds its
  # own limit, and at most max_concurrency instances run at once, so each may send 90% of the account's limit
  # divided by that concurrency: 25,000 x 0.9 / 10 = 2,250 a minute.
  requests_per_minute_per_instance = {
    for destination in local.destinations : destination => floor(local.destination_settings[destination].requests_per_minute * 0.9 / local.destination_settings[destination].max_concurrency)
    if local.destination_settings[destination].requests_per_minute != null
  }

  # Every function runs from the same package and selects itself with QUARKUS_FUNQY_EXPORT.
  functions = toset(["splitter", "split-chunk", "split-failures", "poster", "report", "callbacks", "replay", "callbacks-report", "export"])

  # Each function's memory and timeout: these defaults, with var.memory_mb and var.timeout_seconds over them.
  default_memory_mb = {
    splitter         = 3538
    split-chunk      = 10240
    split-failures   = 512
    poster           = 512
    report           = 512
    callbacks        = 256
    replay           = 512
    callbacks-report = 256
    export           = 1024
  }
  default_timeout_seconds = {
    splitter         = 900
    split-chunk      = 900
    split-failures   = 120
    poster           = 120
    report           = 300
    callbacks        = 15
    replay           = 300
    callbacks-report = 120
    export           = 900
  }
  memory_mb       = merge(local.default_memory_mb, var.memory_mb)
  timeout_seconds = merge(local.default_timeout_seconds, var.timeout_seconds)

  # A destination without a url uses the one its package declares.
  destination_urls = { for destination in local.destinations : destination => local.destination_settings[destination].url if local.destination_settings[destination].url != null }
  evergage_enabled = contains(local.destinations, "evergage")

  # Non-secret configuration every function gets: buckets, which destinations are on, their queues and batch limits.
  common_environment = merge(
    {
      PROFILE_SYNC_OUTPUT_BUCKET    = aws_s3_bucket.work.bucket
      PROFILE_SYNC_CALLBACKS_BUCKET = aws_s3_bucket.work.bucket
      PROFILE_SYNC_EXPORT_BUCKET    = aws_s3_bucket.work.bucket
      # JSON log lines in AWS; text locally and in the tests (src/main/resources/application.properties)
      QUARKUS_LOG_CONSOLE_JSON_ENABLED = "true"
    },
    { for destination, settings in local.destination_settings : format("PROFILE_SYNC_DESTINATIONS_%s_ENABLED", upper(destination)) => tostring(settings.enabled) },
    { for destination in local.destinations : format("PROFILE_SYNC_DESTINATIONS_%s_QUEUE_URL", upper(destination)) => aws_sqs_queue.batches[destination].url },
    { for destination in local.destinations : format("PROFILE_SYNC_DESTINATIONS_%s_MAX_ITEMS", upper(destination)) => tostring(local.destination_settings[destination].max_items) if local.destination_settings[destination].max_items != null },
    var.native ? { DISABLE_SIGNAL_HANDLERS = "true" } : {}
  )

  # The splitter and split-chunk (docs/chunked-split.md, "Chunked split") split the same way and get the same environment: the
  # chunks' queue and size, and the size of the reduce's groups.
  split_environment = merge(
    {
      PROFILE_SYNC_SPLIT_CHUNK_QUEUE_URL    = aws_sqs_queue.split_chunks.url
      PROFILE_SYNC_STATE_SECRET_ID          = aws_secretsmanager_secret.state.arn
      PROFILE_SYNC_SPLIT_CHUNK_BYTES        = tostring(var.split_chunk_bytes)
      PROFILE_SYNC_SPLIT_REDUCE_GROUP_BYTES = tostring(var.split_reduce_group_bytes)
    },
    # the input limits set (docs/input.md, "Input files", "Limits"); the others are sized from the function's heap
    { for name, limit in {
      PROFILE_SYNC_INPUT_MAX_RECORD_BYTES   = var.input_limits.max_record_bytes
      PROFILE_SYNC_INPUT_MAX_COLUMNS        = var.input_limits.max_columns
      PROFILE_SYNC_INPUT_MAX_INFLATED_BYTES = var.input_limits.max_inflated_bytes
    } : name => format("%d", limit) if limit != null }
  )
  # In JVM mode both run the parallel collector (a throughput job: it splits a file about 1.3 times as fast as G1,
  # BENCHMARKS.md; native images have their own collector) and the optimising compiler: AWS's java17 and java21
  # runtimes stop tiered compilation at level 1 (C1 only) unless told otherwise, which splits a file about 2.5
  # times slower; AWS documents level 4 for compute-intensive functions. The splitter's heap is capped at 1 GB: a
  # file in one piece is at most a chunk, its items past their memory budget wait on disk, and a heap of 85% of
  # its memory (the runtime's default) only grows the young generation: the same 1M-row file splits faster in
  # 1 GB (peak RSS 0.64 GB against 1.2 GB, BENCHMARKS.md). split-chunk keeps the default: a group of the reduce
  # holds one partition of every chunk's items per destination. AWS documents JAVA_TOOL_OPTIONS for the compiler level; that -Xmx there also
  # wins over the runtime's own heap size is unconfirmed: the function's first log lines show the JVM's flags when
  # JAVA_TOOL_OPTIONS is picked up ("Picked up JAVA_TOOL_OPTIONS: ...").
  split_jvm = "-XX:+UseParallelGC -XX:TieredStopAtLevel=4"
  split_jvm_options = {
    splitter    = "${local.split_jvm} -Xmx1g"
    split-chunk = local.split_jvm
  }

  # What only some functions get: destination endpoints and secret ids go to the functions that call the destination.
  function_environment = {
    splitter    = merge(local.split_environment, var.native ? {} : { JAVA_TOOL_OPTIONS = local.split_jvm_options["splitter"], PROFILE_SYNC_SPLIT_PRIMING_ROWS = format("%d", var.split_priming_rows) })
    split-chunk = merge(local.split_environment, var.native ? {} : { JAVA_TOOL_OPTIONS = local.split_jvm_options["split-chunk"], PROFILE_SYNC_SPLIT_PRIMING_ROWS = format("%d", var.split_priming_rows) })
    # A split that failed for good (docs/sync.md, "What a failed split looks like"): only the buckets, in common_environment.
    split-failures = {}
    poster = merge(
      {
        PROFILE_SYNC_POSTER_MAX_RECEIVES = tostring(var.max_receive_count)
        PROFILE_SYNC_POSTER_TIME_BUDGET  = "${var.poster_time_budget_seconds}s"
      },
      { for destination, limit in local.requests_per_minute_per_instance : format("PROFILE_SYNC_DESTINATIONS_%s_REQUESTS_PER_MINUTE", upper(destination)) => tostring(limit) },
      { for destination, url in local.destination_urls : format("QUARKUS_REST_CLIENT_%s_URL", upper(destination)) => url },
      { for destination in local.destinations : format("PROFILE_SYNC_%s_SECRET_ID", upper(destination)) => aws_secretsmanager_secret.destination[destination].arn },
      local.evergage_enabled ? { PROFILE_SYNC_EVERGAGE_DATASET = var.evergage_dataset, PROFILE_SYNC_EVERGAGE_DELIVERY = var.evergage_delivery } : {}
    )
    report = {}
    callbacks = {
      PROFILE_SYNC_CALLBACKS_SECRET_ID = aws_secretsmanager_secret.webhook.arn
    }
    # the state key: a replayed user's batch carries its key hash as the state keys it, so that a newer file holding the
    # user leaves it out (docs/sync.md, "The newest value wins")
    replay = {
      PROFILE_SYNC_STATE_SECRET_ID = aws_secretsmanager_secret.state.arn
    }
    callbacks-report = {}
    # The Evergage export; without Evergage it has nothing to call (and no schedule).
    export = { for key, value in {
      QUARKUS_REST_CLIENT_EVERGAGE_URL = try(local.destination_urls["evergage"], "")
      PROFILE_SYNC_EVERGAGE_SECRET_ID  = try(aws_secretsmanager_secret.destination["evergage"].arn, "")
      PROFILE_SYNC_EVERGAGE_DATASET    = var.evergage_dataset
    } : key => value if local.evergage_enabled }
  }
}
