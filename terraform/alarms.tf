locals {
  alarm_actions = var.alarm_topic_arn == "" ? [] : [var.alarm_topic_arn]
}

# Anything in a dead-letter queue is a batch whose users were reported failed: look at the failed rows.
resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each            = toset(local.vendors)
  alarm_name          = "${local.name}-${each.key}-dlq-not-empty"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letters[each.key].name }
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
