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

variable "vendors_enabled" {
  description = "Which vendors get batches"
  type        = map(bool)
  default = {
    insider    = true
    xtremepush = true
    evergage   = true
  }
}

variable "memory_mb" {
  description = "Memory per function. Lambda gives one vCPU per 1,769 MB: the splitter maps and batches each vendor on its own thread, so 3,538 MB (two vCPUs) splits about 1.6 times as fast for about the same cost (BENCHMARKS.md)"
  type        = map(number)
  default = {
    splitter         = 3538
    poster           = 512
    report           = 512
    callbacks        = 256
    replay           = 512
    callbacks-report = 256
    export           = 1024
  }
}

variable "timeout_seconds" {
  description = "Timeout per function"
  type        = map(number)
  default = {
    splitter         = 900
    poster           = 120
    report           = 300
    callbacks        = 15
    replay           = 300
    callbacks-report = 120
    export           = 900
  }
}

variable "poster_time_budget_seconds" {
  description = "How long one poster invocation may spend retrying; below the poster's timeout"
  type        = number
  default     = 90
}

variable "max_receive_count" {
  description = "Deliveries of a batch message before it goes to its vendor's dead-letter queue"
  type        = number
  default     = 5
}

variable "poster_batch_size" {
  description = "SQS messages (batches) per poster invocation"
  type        = number
  default     = 5
}

variable "poster_max_concurrency" {
  description = "Concurrent poster instances per vendor queue (2 or more)"
  type        = map(number)
  default = {
    insider    = 10
    xtremepush = 4
    evergage   = 4
  }
}

variable "insider_requests_per_minute_per_account" {
  description = "Insider's limit per account (shared with Delete User Attribute): 25,000 a minute"
  type        = number
  default     = 25000
}

variable "evergage_max_items" {
  description = "Users per Evergage request (Evergage documents no limit)"
  type        = number
  default     = 500
}

variable "evergage_url" {
  description = "https://<account>.<instance>.evergage.com"
  type        = string
  default     = "https://example.evergage.com"
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

variable "run_retention_days" {
  description = "Days before run outputs (batches, outcomes, reports) expire"
  type        = number
  default     = 30
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

variable "alarm_topic_arn" {
  description = "SNS topic for alarms (empty: alarms without notifications)"
  type        = string
  default     = ""
}
