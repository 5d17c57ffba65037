locals {
  # Every alarm notifies the run events topic (whose subscribers, alert_email among them, hear of it) and
  # alarm_topic_arn when set: an alarm that notifies nobody is not an alarm.
  alarm_actions = concat([aws_sns_topic.runs.arn], var.alarm_topic_arn == "" ? [] : [var.alarm_topic_arn])
}

# Anything in a destination's dead-letter queue is a batch whose users were reported failed: look at the failed rows.
# Anything in split-chunks' is a chunk split-chunk failed three times, which split-failures turns into a failed
# run at once; anything in split-failures' is a failed split whose run could not be recorded (its log group says why).
resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each            = local.dead_letter_queues
  alarm_name          = "${local.name}-${each.key}-dlq-not-empty"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
}

# Function errors and throttles: one alarm per function and metric.
resource "aws_cloudwatch_metric_alarm" "function" {
  for_each            = { for pair in setproduct(local.functions, ["Errors", "Throttles"]) : format("%s-%s", pair[0], lower(pair[1])) => pair }
  alarm_name          = "${local.name}-${each.key}"
  namespace           = "AWS/Lambda"
  metric_name         = each.value[1]
  dimensions          = { FunctionName = aws_lambda_function.function[each.value[0]].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
}

# The poster logs "configuration error" when a destination's credentials are missing or the destination answers 401/403:
# those batches go back to the queue (and then the dead-letter queue) without marking users failed, so fix the
# secret (docs/operating.md, "Deploy") and redrive.
resource "aws_cloudwatch_log_metric_filter" "configuration_errors" {
  name           = "${local.name}-configuration-errors"
  log_group_name = aws_cloudwatch_log_group.function["poster"].name
  pattern        = "\"configuration error\""
  metric_transformation {
    name          = "ConfigurationErrors"
    namespace     = "ProfileSync/${local.name}"
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "configuration_errors" {
  alarm_name          = "${local.name}-configuration-errors"
  alarm_description   = "The poster cannot authenticate to a destination (missing credentials, or 401/403): see its log group"
  namespace           = aws_cloudwatch_log_metric_filter.configuration_errors.metric_transformation[0].namespace
  metric_name         = aws_cloudwatch_log_metric_filter.configuration_errors.metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
}
