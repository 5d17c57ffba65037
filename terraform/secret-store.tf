# Vendor credentials and the webhook secret, read by the functions once at start (PROFILE_SYNC_SECRETS_ID).
# Terraform creates the secret with the webhook secret only; put the vendor credentials in it afterwards:
#   aws secretsmanager put-secret-value --secret-id <credentials_secret_arn> --secret-string file://credentials.json
# (see README, "Deploy"). Terraform ignores later changes to its value.
resource "random_password" "webhook" {
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "credentials" {
  name_prefix = "${local.name}-credentials-"
}

resource "aws_secretsmanager_secret_version" "initial" {
  secret_id = aws_secretsmanager_secret.credentials.id
  secret_string = jsonencode({
    "profile-sync.callbacks.secret" = random_password.webhook.result
  })
  lifecycle {
    ignore_changes = [secret_string]
  }
}
