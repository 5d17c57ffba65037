variable "region" {
  description = "AWS region to deploy to"
  type        = string
  default     = "eu-central-1"
}

variable "name_prefix" {
  description = "Prefix of every resource name"
  type        = string
  default     = "profile-sync"
}

variable "function_zip" {
  description = "The package built by mvn package (JVM) or mvn package -Dnative (native): target/function.zip"
  type        = string
  default     = "../target/function.zip"
}

variable "native" {
  description = "true: native functions on provided.al2023 (bootstrap in function.zip); false: JVM on java21 with SnapStart"
  type        = bool
  default     = true
}

# The destinations: one entry each, from which their queues, dead-letter queues, event source mappings, secrets,
# permissions, alarms and function environment all derive. Set the whole map (see docs/operating.md, "Variables").
variable "destinations" {
  description = "Per destination: enabled (gets queues, secret, permissions and batches), url (its API, https://; unset: the URL the destination's package declares; Evergage has none and needs its account's), max_concurrency (concurrent poster instances on its queue, 2 or more), requests_per_minute (the destination's limit per account, shared by all poster instances; unset: the destination's own per-instance limit) and max_items (a cap on items per request, below the destination's own)"
  type = map(object({
    enabled             = optional(bool, true)
    url                 = optional(string)
    max_concurrency     = optional(number, 4)
    requests_per_minute = optional(number)
    max_items           = optional(number)
  }))
  nullable = false
  default = {
    insider    = { max_concurrency = 10, requests_per_minute = 25000 }
    xtremepush = {}
    evergage   = {}
  }
  validation {
    condition     = alltrue([for destination in values(coalesce(var.vendors, var.destinations)) : destination.url == null || can(regex("^https://[A-Za-z0-9.-]+(:[0-9]+)?(/|$)", destination.url))])
    error_message = "Every destination url must be an https:// URL (https://<host>[:port][/path])."
  }
  validation {
    condition     = !try(coalesce(var.vendors, var.destinations)["evergage"].enabled, false) || try(coalesce(var.vendors, var.destinations)["evergage"].url, null) != null
    error_message = "destinations.evergage.url must be set while Evergage is enabled: https://<account>.<instance>.evergage.com (it has no default)."
  }
  validation {
    condition     = alltrue([for destination in values(coalesce(var.vendors, var.destinations)) : destination.max_concurrency >= 2])
    error_message = "A destination's max_concurrency must be 2 or more (the least an SQS event source mapping allows)."
  }
}

variable "memory_mb" {
  description = "Memory per function, for the functions named (the others keep their default: local.default_memory_mb in main.tf). Lambda gives one vCPU per 1,769 MB: the splitter maps and batches each destination on its own thread, so 3,538 MB (two vCPUs) splits about 1.6 times as fast for about the same cost (BENCHMARKS.md); split-chunk has Lambda's most, 10,240 MB (six vCPUs): a chunk maps the three destinations in parallel, and a group of the reduce holds one partition of every chunk's items per destination"
  type        = map(number)
  default     = {}
  validation {
    condition     = alltrue([for name in keys(var.memory_mb) : contains(local.functions, name)])
    error_message = "memory_mb names functions: ${join(", ", sort(local.functions))}."
  }
}

variable "timeout_seconds" {
  description = "Timeout per function, for the functions named (the others keep their default: local.default_timeout_seconds in main.tf). split-chunk has Lambda's most, 900 s, for a chunk or a group of the reduce; the split-chunks queue's visibility timeout is six times it"
  type        = map(number)
  default     = {}
  validation {
    condition     = alltrue([for name in keys(var.timeout_seconds) : contains(local.functions, name)])
    error_message = "timeout_seconds names functions: ${join(", ", sort(local.functions))}."
  }
}

variable "poster_time_budget_seconds" {
  description = "How long one poster invocation may spend retrying; below the poster's timeout"
  type        = number
  default     = 90
}

variable "max_receive_count" {
  description = "Deliveries of a batch message before it goes to its destination's dead-letter queue"
  type        = number
  default     = 5
}

variable "queue_retention_seconds" {
  description = "How long the batch, split-chunks and split-failures queues keep a message nobody received (seconds). Their dead-letter queues keep messages for SQS's longest, 14 days, and a message keeps its first enqueue time when it moves there, so this must stay below 14 days: 7 days (the default) leaves a message that waited a whole week at least a week in its dead-letter queue"
  type        = number
  default     = 604800
  validation {
    condition     = var.queue_retention_seconds >= 60 && var.queue_retention_seconds <= 1123200
    error_message = "queue_retention_seconds must be between 60 and 1123200 (13 days): the dead-letter queues keep messages 14 days, counted from their first enqueue, and must keep them longer than their source queues."
  }
}

variable "poster_batch_size" {
  description = "SQS messages (batches) per poster invocation"
  type        = number
  default     = 5
}

variable "evergage_delivery" {
  description = "How the poster delivers Personalization (Evergage) users: api (the users upsert API) or etl-feed (User ETL feed files over SFTP; the SFTP site's host, user, key or password and pinned host key go in the evergage secret). See docs/personalization-etl-feed.md"
  type        = string
  default     = "api"
  validation {
    condition     = contains(["api", "etl-feed"], var.evergage_delivery)
    error_message = "evergage_delivery must be api or etl-feed."
  }
}

variable "evergage_dataset" {
  description = "The Evergage dataset the poster sends to and the export reads"
  type        = string
  default     = "engage"
}

variable "export_schedule" {
  description = "EventBridge Scheduler expression for the Evergage export"
  type        = string
  default     = "cron(0 3 * * ? *)"
}

variable "export_input" {
  description = "The export's options, passed to the function as the schedule's input"
  type        = map(any)
  default = {
    format   = "json"
    pageSize = 1000
  }
}

variable "splitter_ephemeral_storage_mb" {
  description = "The splitter's /tmp (MB, 512 to 10240): past their memory budget a file's accepted users wait there, per destination, until the file is read (about the size of their JSON: 450 MB for a 1M-row, 170 MB file to three destinations)"
  type        = number
  default     = 10240
  validation {
    condition     = var.splitter_ephemeral_storage_mb >= 512 && var.splitter_ephemeral_storage_mb <= 10240
    error_message = "splitter_ephemeral_storage_mb must be between 512 and 10240 (Lambda's limits)."
  }
}

variable "split_chunk_ephemeral_storage_mb" {
  description = "split-chunk's /tmp (MB, 512 to 10240): a chunk's accepted users wait there as destination JSON before upload (a chunk of 256 MiB is about 1.5M rows and 1.6 GB of destination JSON), and the reduce spills a partition of every chunk's items there"
  type        = number
  default     = 10240
  validation {
    condition     = var.split_chunk_ephemeral_storage_mb >= 512 && var.split_chunk_ephemeral_storage_mb <= 10240
    error_message = "split_chunk_ephemeral_storage_mb must be between 512 and 10240 (Lambda's limits)."
  }
}

variable "export_ephemeral_storage_mb" {
  description = "The export function's /tmp (MB, 512 to 10240): the export streams every record of the Evergage export through a temporary file there before writing the kept records to S3, so /tmp bounds the size of an export"
  type        = number
  default     = 10240
  validation {
    condition     = var.export_ephemeral_storage_mb >= 512 && var.export_ephemeral_storage_mb <= 10240
    error_message = "export_ephemeral_storage_mb must be between 512 and 10240 (Lambda's limits)."
  }
}

# The chunked split (docs/chunked-split.md, "Chunked split"): a file larger than split_chunk_bytes is cut at record boundaries
# into chunks, one message each on the split-chunks queue, which split-chunk consumes.
variable "split_chunk_bytes" {
  description = "A dropped file larger than this (bytes) is split in chunks of about this size, each by its own split-chunk invocation (PROFILE_SYNC_SPLIT_CHUNK_BYTES). 256 MiB (about 1.5M rows, 1.6 GB of destination JSON) is a small part of what one invocation can do in its 15 minutes and hold in its 10 GB of /tmp (the splitter's measured rate, BENCHMARKS.md); 16 MiB to 4 GiB"
  type        = number
  default     = 268435456
  validation {
    condition     = var.split_chunk_bytes >= 16777216 && var.split_chunk_bytes <= 4294967296
    error_message = "split_chunk_bytes must be between 16 MiB (16777216) and 4 GiB (4294967296)."
  }
}

# Bounded input (docs/input.md, "Input files", "Limits"): each limit left null is sized from the function's heap.
variable "input_limits" {
  description = "What one record of a dropped file may take, for the splitter and split-chunk: max_record_bytes (a CSV record's or a JSON line's bytes; PROFILE_SYNC_INPUT_MAX_RECORD_BYTES), max_columns (a CSV header's columns, and the fields a record may hold beyond its header's; PROFILE_SYNC_INPUT_MAX_COLUMNS), max_inflated_bytes (what a gzip file may inflate to; PROFILE_SYNC_INPUT_MAX_INFLATED_BYTES). Each left null is sized from the function's heap: a sixteenth of it (64 MiB for the splitter's 1 GiB), a column per 512 KiB, eight times it"
  type = object({
    max_record_bytes   = optional(number)
    max_columns        = optional(number)
    max_inflated_bytes = optional(number)
  })
  default = {}
  validation {
    condition     = alltrue([for limit in [var.input_limits.max_record_bytes, var.input_limits.max_columns, var.input_limits.max_inflated_bytes] : limit == null ? true : limit >= 1 && floor(limit) == limit])
    error_message = "input_limits must be whole numbers of at least 1 (or null: sized from the function's heap)."
  }
}

# SnapStart priming (docs/operating.md, "SnapStart priming"): JVM mode only.
variable "split_priming_rows" {
  description = "Rows of a generated file the splitter and split-chunk split (nothing stored, queued or sent) before SnapStart snapshots a published version, so that a restored function splits with its code compiled (PROFILE_SYNC_SPLIT_PRIMING_ROWS; JVM mode only). A million (the default) adds 10 to 17 s (on two vCPUs) to each version's initialization; 0 turns priming off. 0 to 10,000,000"
  type        = number
  default     = 1000000
  validation {
    condition     = var.split_priming_rows >= 0 && var.split_priming_rows <= 10000000 && floor(var.split_priming_rows) == var.split_priming_rows
    error_message = "split_priming_rows must be a whole number from 0 to 10,000,000."
  }
}

variable "split_reduce_group_bytes" {
  description = "Once every chunk of a large file is split, its reduce is fanned out in groups of partitions, one split-chunk invocation each: a group for about this many bytes of the chunks' items (PROFILE_SYNC_SPLIT_REDUCE_GROUP_BYTES). A 256 MiB chunk hands on about 1.8 GB for three destinations; 4 GiB (the default) is read and batched well inside 15 minutes (BENCHMARKS.md, \"Chunked split\"). 256 MiB to 64 GiB"
  type        = number
  default     = 4294967296
  validation {
    condition     = var.split_reduce_group_bytes >= 268435456 && var.split_reduce_group_bytes <= 68719476736
    error_message = "split_reduce_group_bytes must be between 256 MiB (268435456) and 64 GiB (68719476736)."
  }
}

variable "split_chunk_concurrency" {
  description = "split-chunk instances at once on the split-chunks queue (the event source mapping's maximum_concurrency, 2 to 1000). 20 splits a 5 GiB file (20 chunks of 256 MiB) in one wave while leaving the account's concurrency (1,000 by default) to the posters and the other functions"
  type        = number
  default     = 20
  validation {
    condition     = var.split_chunk_concurrency >= 2 && var.split_chunk_concurrency <= 1000
    error_message = "split_chunk_concurrency must be between 2 (the least an SQS event source mapping allows) and 1000."
  }
}

variable "split_chunk_retention_days" {
  description = "Days before a chunked split's intermediate files (split-chunks/<run_id>/ in the work bucket: plan, chunks' items) expire. They are needed only until the run's reduce, or a redrive of the split-chunks dead-letter queue, so a week is plenty"
  type        = number
  default     = 7
  validation {
    condition     = var.split_chunk_retention_days >= 1
    error_message = "split_chunk_retention_days must be at least 1 (S3 expires objects after a whole number of days)."
  }
}

variable "run_retention_days" {
  description = "Days before run outputs (batches, outcomes, reports, sent users) expire"
  type        = number
  default     = 30
  validation {
    # the next run of a sync folds the previous run's outcomes and sent users into the state, waiting up to a day
    condition     = var.run_retention_days >= 2
    error_message = "run_retention_days must be at least 2: a sync's next run reads the previous run's outcomes (up to profile-sync.sync.fold-after, 24 h, later)."
  }
}

variable "outcome_retention_days" {
  description = "Days before a run's rows of the outcome table (tables/outcomes/ in the work bucket, docs/querying-outcomes.md) expire: the warehouse history, kept longer than the runs themselves"
  type        = number
  default     = 365
  validation {
    condition     = var.outcome_retention_days >= 1
    error_message = "outcome_retention_days must be at least 1 (S3 expires objects after a whole number of days)."
  }
}

variable "outcome_query_results_days" {
  description = "Days before Athena's query results (athena-results/ in the work bucket, the outcomes workgroup's results location) expire"
  type        = number
  default     = 7
  validation {
    condition     = var.outcome_query_results_days >= 1
    error_message = "outcome_query_results_days must be at least 1 (S3 expires objects after a whole number of days)."
  }
}

variable "outcome_table_first_date" {
  description = "The first day (yyyy-MM-dd) the outcome table's date partitions are projected from: a day before the deployment's first run"
  type        = string
  default     = "2026-01-01"
  validation {
    condition     = can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", var.outcome_table_first_date))
    error_message = "outcome_table_first_date must be a day written yyyy-MM-dd."
  }
}

variable "input_retention_days" {
  description = "Days before dropped files expire"
  type        = number
  default     = 14
}

variable "export_retention_days" {
  description = "Days before exports expire"
  type        = number
  default     = 90
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention"
  type        = number
  default     = 30
}

variable "webhook_throttle" {
  description = "API Gateway stage throttling for the callback webhook"
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = {
    rate_limit  = 50
    burst_limit = 100
  }
}

variable "callbacks_reserved_concurrency" {
  description = "Concurrent instances reserved for, and the most allowed to, the callbacks function (the webhook). Insider calls it only for users that failed in unification; the cap keeps a flood of calls from taking the account's concurrency from the posters and the splitter, and bounds what the webhook can write (each call at most profile-sync.callbacks.max-body-bytes). 10 instances of about 0.2 s calls take about 50 calls a second, the stage's throttling rate (webhook_throttle)"
  type        = number
  default     = 10
  validation {
    condition     = var.callbacks_reserved_concurrency >= 1 && var.callbacks_reserved_concurrency <= 100 && floor(var.callbacks_reserved_concurrency) == var.callbacks_reserved_concurrency
    error_message = "callbacks_reserved_concurrency must be a whole number between 1 and 100 (0 would turn the webhook off; the account keeps at least 100 unreserved)."
  }
}

variable "generate_webhook_secret" {
  description = "true: Secrets Manager generates the webhook secret at the first apply, written write-only (never in the plan or state). false: the webhook secret is created empty and you put it yourself (for example the secret Insider already calls, when moving from an older deployment). Choose before the first apply"
  type        = bool
  default     = true
}

variable "generate_state_key" {
  description = "true: Secrets Manager generates the state key at the first apply, written write-only (never in the plan or state). false: the state secret is created empty and you put {\"hash-key\": \"...\"} yourself (at least 32 characters; for example the key an earlier deployment's state was written with). Choose before the first apply"
  type        = bool
  default     = true
}

variable "alarm_topic_arn" {
  description = "Another SNS topic for alarms, besides the run events topic every alarm notifies (empty: that topic only)"
  type        = string
  default     = ""
}

variable "alert_email" {
  description = "E-mail address subscribed to the run events topic (Run Completed, Run Failed, Run Held, stuck runs); null: no subscription"
  type        = string
  default     = null
}

variable "stuck_run_minutes" {
  description = "A run is stuck when a batch has waited this long on its destination's queue: the stuck-run alarm fires"
  type        = number
  default     = 120

  validation {
    condition     = var.stuck_run_minutes >= 5
    error_message = "stuck_run_minutes must be at least 5 (the alarm looks at five-minute periods)."
  }
}
