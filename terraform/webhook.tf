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

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.webhook.id
  name        = "$default"
  auto_deploy = true
  default_route_settings {
    throttling_rate_limit  = var.webhook_throttle.rate_limit
    throttling_burst_limit = var.webhook_throttle.burst_limit
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
