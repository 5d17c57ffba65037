# Run events, the stuck-run alarm and the dashboard (docs/observability.md, "Alerts", "Stuck runs", "Dashboard").

# The functions put "Run Completed", "Run Failed" and "Run Held" (docs/sync.md, "Guards") events (source "profile-sync") on the default bus; this rule
# sends them to the run events topic, which the e-mail subscription (alert_email) and any other subscriber read.
resource "aws_sns_topic" "runs" {
  name = "${local.name}-runs"
}

resource "aws_cloudwatch_event_rule" "runs" {
  name           = "${local.name}-runs"
  description    = "profile-sync run completions, failures and holds to the ${local.name}-runs topic"
  event_bus_name = "default"
  event_pattern = jsonencode({
    source        = ["profile-sync"]
    "detail-type" = ["Run Completed", "Run Failed", "Run Held"]
  })
}

resource "aws_cloudwatch_event_target" "runs" {
  rule           = aws_cloudwatch_event_rule.runs.name
  event_bus_name = aws_cloudwatch_event_rule.runs.event_bus_name
  target_id      = "runs-topic"
  arn            = aws_sns_topic.runs.arn
}

# Only this rule (EventBridge) and this deployment's alarms (CloudWatch: every alarm of alarms.tf and the stuck-run
# alarm) may publish to the topic.
resource "aws_sns_topic_policy" "runs" {
  arn = aws_sns_topic.runs.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "RunEvents"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.runs.arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.runs.arn } }
      },
      {
        Sid       = "Alarms"
        Effect    = "Allow"
        Principal = { Service = "cloudwatch.amazonaws.com" }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.runs.arn
        Condition = {
          ArnLike      = { "aws:SourceArn" = "arn:aws:cloudwatch:${var.region}:${data.aws_caller_identity.current.account_id}:alarm:${local.name}-*" }
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        }
      },
    ]
  })
}

# The address receives a confirmation mail first; nothing arrives until the link in it is followed.
resource "aws_sns_topic_subscription" "alert_email" {
  count     = var.alert_email == null ? 0 : 1
  topic_arn = aws_sns_topic.runs.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

# A run is stuck when one of its batches waits on its destination's queue longer than stuck_run_minutes (a destination down
# longer than the retries last, the poster failing before it answers, a mapping gone wrong): each queue's oldest
# message is watched. Notifies the run events topic and alarm_topic_arn.
resource "aws_cloudwatch_metric_alarm" "stuck_run" {
  for_each            = toset(local.destinations)
  alarm_name          = "${local.name}-${each.key}-stuck-run"
  alarm_description   = "A ${each.key} batch has waited over ${var.stuck_run_minutes} minutes on its queue: a run is not completing"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.batches[each.key].name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.stuck_run_minutes * 60
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = [aws_sns_topic.runs.arn]
}

locals {
  # The functions' embedded-metric-format metrics (namespace ProfileSync, dimensions Function and Destination; docs/observability.md,
  # "Metrics"), one line per destination (and function, where two record it) in each widget. A file split in chunks is
  # recorded by the split-chunk invocation that finishes it.
  split_functions = ["splitter", "split-chunk"]
  emf_widgets = [
    { title = "Rows accepted (split)", functions = local.split_functions, metric = "RowsAccepted", stat = "Sum" },
    { title = "Rows rejected (split)", functions = local.split_functions, metric = "RowsRejected", stat = "Sum" },
    { title = "Users delivered", functions = ["poster"], metric = "UsersDelivered", stat = "Sum" },
    { title = "Users failed", functions = ["poster"], metric = "UsersFailed", stat = "Sum" },
    { title = "Users unconfirmed", functions = ["poster"], metric = "UsersUnconfirmed", stat = "Sum" },
    { title = "Destination call latency (p90, ms)", functions = ["poster"], metric = "DestinationCallLatency", stat = "p90" },
    { title = "Destination 429 answers", functions = ["poster"], metric = "Http429", stat = "Sum" },
    { title = "Retries", functions = ["poster"], metric = "Retries", stat = "Sum" },
    { title = "Circuit breaker openings", functions = ["poster"], metric = "BreakerOpens", stat = "Sum" },
    { title = "Batches dead-lettered", functions = ["poster"], metric = "BatchesDeadLettered", stat = "Sum" },
  ]

  aws_widgets = [
    {
      title = "Batches waiting (queue depth)"
      stat  = "Maximum"
      metrics = [for destination in local.destinations : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
      aws_sqs_queue.batches[destination].name, { label = destination }]]
    },
    {
      title = "Oldest batch waiting (s); stuck-run alarm at ${var.stuck_run_minutes * 60} s"
      stat  = "Maximum"
      metrics = [for destination in local.destinations : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName",
      aws_sqs_queue.batches[destination].name, { label = destination }]]
    },
    {
      title = "Dead-letter queues"
      stat  = "Maximum"
      metrics = [for name, queue in local.dead_letter_queues : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName",
      queue.name, { label = name }]]
    },
    {
      title = "Chunks of large files (split-chunks queue)"
      stat  = "Maximum"
      metrics = [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.split_chunks.name, { label = "waiting" }],
        ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", aws_sqs_queue.split_chunks.name, { label = "being split" }],
      ]
    },
    {
      title   = "Function errors"
      stat    = "Sum"
      metrics = [for function in sort(tolist(local.functions)) : ["AWS/Lambda", "Errors", "FunctionName", "${local.name}-${function}", { label = function }]]
    },
    {
      title   = "Function duration (max, ms)"
      stat    = "Maximum"
      metrics = [for function in sort(tolist(local.functions)) : ["AWS/Lambda", "Duration", "FunctionName", "${local.name}-${function}", { label = function }]]
    },
  ]

  dashboard_widgets = concat(
    [for index, widget in local.emf_widgets : {
      type   = "metric"
      x      = (index % 3) * 8
      y      = floor(index / 3) * 6
      width  = 8
      height = 6
      properties = {
        title  = widget.title
        region = var.region
        view   = "timeSeries"
        stat   = widget.stat
        period = 300
        metrics = concat([for destination in local.destinations : [for function in widget.functions :
          ["ProfileSync", widget.metric, "Function", function, "Destination", destination, { label = length(widget.functions) > 1 ? "${destination} (${function})" : destination }]
        ]]...)
      }
    }],
    [for index, widget in local.aws_widgets : {
      type   = "metric"
      x      = (index % 3) * 8
      y      = (floor((length(local.emf_widgets) + 2) / 3) + floor(index / 3)) * 6
      width  = 8
      height = 6
      properties = {
        title   = widget.title
        region  = var.region
        view    = "timeSeries"
        stat    = widget.stat
        period  = 300
        metrics = widget.metrics
      }
    }]
  )
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = local.name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
