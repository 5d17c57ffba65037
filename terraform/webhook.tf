# The Insider error-callback webhook: POST /callbacks/insider/<secret>.
resource "aws_apigatewayv2_api" "webhook" {
  name          = "${local.name}-webhook"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "callbacks" {
  api_id                 = aws_apigatewayv2_api.webhook.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_alias.live["callbacks"].invoke_arn
  payload_format_version = "2.0"
}

# Any method reaches the function, which answers 405 to all but POST (after checking the secret).
resource "aws_apigatewayv2_route" "callbacks" {
  api_id    = aws_apigatewayv2_api.webhook.id
  route_key = "ANY /callbacks/insider/{secret}"
  target    = "integrations/${aws_apigatewayv2_integration.callbacks.id}"
}

# Access logging (Security Hub APIGateway.9, "Access logging should be configured for API Gateway V2 Stages":
# https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-9): one JSON line
# per request in its own log group, kept log_retention_days. HTTP APIs write it without an account-level
# CloudWatch role; whoever applies needs the logs:*LogDelivery permissions AWS lists
# (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html). The format names the route,
# never the path: the path ends with the webhook secret.
resource "aws_cloudwatch_log_group" "webhook_access" {
  name              = "/aws/apigateway/${local.name}-webhook"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.webhook.id
  name        = "$default"
  auto_deploy = true
  default_route_settings {
    throttling_rate_limit  = var.webhook_throttle.rate_limit
    throttling_burst_limit = var.webhook_throttle.burst_limit
  }
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.webhook_access.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      requestTime      = "$context.requestTime"
      sourceIp         = "$context.identity.sourceIp"
      userAgent        = "$context.identity.userAgent"
      httpMethod       = "$context.httpMethod"
      routeKey         = "$context.routeKey"
      status           = "$context.status"
      responseLength   = "$context.responseLength"
      integrationError = "$context.integrationErrorMessage"
      latencyMs        = "$context.responseLatency"
    })
  }
}

resource "aws_lambda_permission" "api_invokes_callbacks" {
  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function["callbacks"].function_name
  qualifier     = aws_lambda_alias.live["callbacks"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.webhook.execution_arn}/*/*"
}
