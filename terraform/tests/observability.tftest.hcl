# Operability (docs/observability.md, "JSON logs", "Metrics", "Dashboard", "Tracing", "Alerts", "Stuck runs"): structured logs
# and tracing on every function, run events routed to the topic, the e-mail subscription only when asked for,
# the stuck-run alarm's threshold, and a dashboard that shows the functions' metrics.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Never used (generate_webhook_secret and generate_state_key false): mock providers cannot open ephemeral resources.
provider "aws" {
  alias                       = "secret_generator"
  region                      = "eu-central-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variables {
  function_zip = "tests/fixtures/function.zip"
  destinations = {
    insider    = {}
    xtremepush = {}
    evergage   = { url = "https://mock.eu.evergage.com" }
  }
  generate_webhook_secret = false
  generate_state_key      = false
}

run "every_function_logs_json_and_is_traced" {
  command = plan

  assert {
    condition     = alltrue([for function in aws_lambda_function.function : function.logging_config[0].log_format == "JSON"])
    error_message = "every function's log_format must be JSON"
  }

  assert {
    condition     = alltrue([for name, function in aws_lambda_function.function : function.logging_config[0].log_group == "/aws/lambda/profile-sync-${name}"])
    error_message = "every function logs to its own log group"
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.function : function.environment[0].variables["QUARKUS_LOG_CONSOLE_JSON_ENABLED"] == "true"])
    error_message = "every function must write JSON log lines (QUARKUS_LOG_CONSOLE_JSON_ENABLED=true)"
  }

  assert {
    condition     = alltrue([for function in aws_lambda_function.function : function.tracing_config[0].mode == "Active"])
    error_message = "every function must have active tracing"
  }

  assert {
    condition     = length(aws_lambda_function.function) == 9
    error_message = "nine functions"
  }
}

run "run_events_reach_the_topic_without_an_email_subscription_by_default" {
  command = apply

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.runs.event_pattern) == {
      source        = ["profile-sync"]
      "detail-type" = ["Run Completed", "Run Failed", "Run Held"]
    }
    error_message = "the rule must match source profile-sync and detail-type Run Completed, Run Failed or Run Held: ${aws_cloudwatch_event_rule.runs.event_pattern}"
  }

  assert {
    condition     = aws_cloudwatch_event_rule.runs.event_bus_name == "default"
    error_message = "the functions publish on the default bus"
  }

  assert {
    condition     = aws_cloudwatch_event_target.runs.arn == aws_sns_topic.runs.arn && aws_cloudwatch_event_target.runs.rule == aws_cloudwatch_event_rule.runs.name
    error_message = "the rule's target must be the run events topic"
  }

  assert {
    condition = anytrue([for statement in jsondecode(aws_sns_topic_policy.runs.policy).Statement :
      statement.Principal.Service == "events.amazonaws.com" && statement.Action == "sns:Publish"
      && statement.Resource == aws_sns_topic.runs.arn
    && try(statement.Condition.ArnEquals["aws:SourceArn"], "") == aws_cloudwatch_event_rule.runs.arn])
    error_message = "the topic policy must let EventBridge publish for this rule only"
  }

  assert {
    condition     = length(aws_sns_topic_subscription.alert_email) == 0
    error_message = "no e-mail subscription without alert_email"
  }
}

run "alert_email_subscribes_to_the_topic" {
  command = apply
  variables {
    alert_email = "ops@example.com"
  }

  assert {
    condition     = length(aws_sns_topic_subscription.alert_email) == 1
    error_message = "alert_email must create one subscription"
  }

  assert {
    condition = (aws_sns_topic_subscription.alert_email[0].protocol == "email"
      && aws_sns_topic_subscription.alert_email[0].endpoint == "ops@example.com"
    && aws_sns_topic_subscription.alert_email[0].topic_arn == aws_sns_topic.runs.arn)
    error_message = "the subscription must send the run events topic to alert_email"
  }
}

run "the_stuck_run_alarm_watches_every_destination_queue_at_the_configured_time" {
  command = apply
  variables {
    stuck_run_minutes = 45
    alarm_topic_arn   = "arn:aws:sns:eu-central-1:111111111111:ops"
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.stuck_run)) == toset(["evergage", "insider", "xtremepush"])
    error_message = "one stuck-run alarm per destination queue"
  }

  assert {
    condition = alltrue([for destination, alarm in aws_cloudwatch_metric_alarm.stuck_run :
      alarm.threshold == 2700 && alarm.metric_name == "ApproximateAgeOfOldestMessage" && alarm.namespace == "AWS/SQS"
      && alarm.dimensions.QueueName == aws_sqs_queue.batches[destination].name && alarm.comparison_operator == "GreaterThanThreshold"
    ])
    error_message = "each stuck-run alarm fires when its queue's oldest message is older than stuck_run_minutes (45 min = 2700 s)"
  }

  assert {
    condition = alltrue([for alarm in aws_cloudwatch_metric_alarm.stuck_run :
    toset(alarm.alarm_actions) == toset([aws_sns_topic.runs.arn, "arn:aws:sns:eu-central-1:111111111111:ops"])])
    error_message = "the stuck-run alarm notifies the run events topic and alarm_topic_arn"
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.dead_letters) == 5 && length(aws_cloudwatch_metric_alarm.function) == 18 && aws_cloudwatch_metric_alarm.configuration_errors.alarm_name == "profile-sync-configuration-errors"
    error_message = "the existing alarms stay"
  }
}

run "the_stuck_run_time_has_a_floor" {
  command = plan
  variables {
    stuck_run_minutes = 2
  }
  expect_failures = [var.stuck_run_minutes]
}

run "only_enabled_destinations_have_a_stuck_run_alarm" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = { enabled = false }, evergage = { enabled = false } }
  }

  assert {
    condition     = keys(aws_cloudwatch_metric_alarm.stuck_run) == ["insider"]
    error_message = "a disabled destination has no queue to watch"
  }
}

run "the_dashboard_shows_the_metrics_queues_and_functions" {
  command = plan

  assert {
    condition = alltrue([for function in ["splitter", "split-chunk"] :
      anytrue([for widget in jsondecode(aws_cloudwatch_dashboard.main.dashboard_body).widgets :
        anytrue([for line in widget.properties.metrics : try(line[1] == "RowsAccepted" && line[3] == function, false)])
    ])])
    error_message = "rows split in one piece (splitter) and in chunks (split-chunk) must both be on the dashboard"
  }

  assert {
    condition = alltrue([for metric in ["RowsAccepted", "RowsRejected", "UsersDelivered", "UsersFailed", "UsersUnconfirmed",
      "DestinationCallLatency", "Http429", "Retries", "BreakerOpens", "BatchesDeadLettered"] :
      anytrue([for widget in jsondecode(aws_cloudwatch_dashboard.main.dashboard_body).widgets :
        anytrue([for line in widget.properties.metrics : line[0] == "ProfileSync" && line[1] == metric])
    ])])
    error_message = "every embedded metric must be on the dashboard, in namespace ProfileSync"
  }

  assert {
    condition = alltrue([for destination in ["insider", "xtremepush", "evergage"] :
      anytrue([for widget in jsondecode(aws_cloudwatch_dashboard.main.dashboard_body).widgets :
        anytrue([for line in widget.properties.metrics : try(line[0] == "ProfileSync" && line[1] == "UsersDelivered"
    && line[2] == "Function" && line[3] == "poster" && line[4] == "Destination" && line[5] == destination, false)])])])
    error_message = "the poster's metrics are shown per destination, with the dimensions Function and Destination"
  }

  assert {
    condition = alltrue([for pair in [
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "profile-sync-insider-batches"],
      ["AWS/SQS", "ApproximateAgeOfOldestMessage", "profile-sync-xtremepush-batches"],
      ["AWS/Lambda", "Errors", "profile-sync-poster"],
      ["AWS/Lambda", "Duration", "profile-sync-splitter"],
      ["AWS/Lambda", "Errors", "profile-sync-split-chunk"],
      ["AWS/Lambda", "Duration", "profile-sync-split-chunk"],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "profile-sync-split-chunks"],
      ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "profile-sync-split-chunks"],
      ] : anytrue([for widget in jsondecode(aws_cloudwatch_dashboard.main.dashboard_body).widgets :
    anytrue([for line in widget.properties.metrics : line[0] == pair[0] && line[1] == pair[1] && line[3] == pair[2]])])])
    error_message = "queue depth and age, the chunks waiting and being split, function errors and duration (split-chunk's too) must be on the dashboard"
  }

  assert {
    condition = anytrue([for widget in jsondecode(aws_cloudwatch_dashboard.main.dashboard_body).widgets :
      widget.properties.title == "Dead-letter queues" && length(widget.properties.metrics) == 5
      && alltrue([for line in widget.properties.metrics : endswith(line[3], "-dlq")])
      && anytrue([for line in widget.properties.metrics : line[3] == "profile-sync-split-chunks-dlq"])
    && anytrue([for line in widget.properties.metrics : line[3] == "profile-sync-split-failures-dlq"])])
    error_message = "the dead-letter queues' depth (the destinations', split-chunks' and split-failures') must be on the dashboard"
  }
}
