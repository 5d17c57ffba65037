# The scheduled Evergage export; Scheduler delivers the input verbatim to the export function. Only with
# Evergage enabled: without it the export has neither endpoint nor credentials.
resource "aws_scheduler_schedule" "export" {
  count               = local.evergage_enabled ? 1 : 0
  name                = "${local.name}-evergage-export"
  schedule_expression = var.export_schedule
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_alias.live["export"].arn
    role_arn = aws_iam_role.scheduler[0].arn
    input    = jsonencode(var.export_input)
    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}

resource "aws_iam_role" "scheduler" {
  count       = local.evergage_enabled ? 1 : 0
  name_prefix = "${local.name}-scheduler-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "scheduler.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "scheduler_invokes_export" {
  count = local.evergage_enabled ? 1 : 0
  role  = aws_iam_role.scheduler[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "lambda:InvokeFunction"
      Resource = aws_lambda_alias.live["export"].arn
    }]
  })
}
