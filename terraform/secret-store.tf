# One secret per enabled destination and one for the webhook, each read only by the functions that need it
# (PROFILE_SYNC_<DESTINATION>_SECRET_ID, PROFILE_SYNC_CALLBACKS_SECRET_ID; the value is the secret's ARN).
#
# Terraform creates the destination secrets empty; put their JSON afterwards (see docs/operating.md, "Deploy"):
#   insider    {"partner-name": "...", "request-token": "...", "error-callback-endpoint": "..."}  (last one optional)
#   xtremepush {"app-token": "..."}
#   evergage   {"api-key-id": "...", "api-key-secret": "..."}
#              with evergage_delivery = "etl-feed", also: "sftp-host", "sftp-port" (optional, 22), "sftp-user",
#              "sftp-password" or "sftp-private-key" (OpenSSH), "sftp-host-key" (the site's key as ssh-keyscan prints
#              it: pinned), optionally "pgp-public-key" (ASCII-armoured). The poster reaches the site over the network
#              path it already uses for the destination APIs: no new one. See docs/personalization-etl-feed.md.
resource "aws_secretsmanager_secret" "destination" {
  for_each    = toset(local.destinations)
  name_prefix = "${local.name}-${each.key}-"
  description = "profile-sync ${each.key} credentials (JSON), read by the functions that call ${each.key}"
}

# The webhook secret, {"secret": "..."} (plus "previous-secret" during a rotation). With
# generate_webhook_secret, Secrets Manager generates it at the first apply and Terraform writes it with a
# write-only argument: it is in neither the plan nor the state. Terraform writes it once
# (secret_string_wo_version); a rotation is a put-secret-value of its own (see docs/operating.md, "Deploy").
resource "aws_secretsmanager_secret" "webhook" {
  name_prefix = "${local.name}-webhook-"
  description = "profile-sync Insider error-callback webhook secret (JSON), read by the callbacks function"
}

# Letters and digits only: the secret is a path segment of the webhook URL.
ephemeral "aws_secretsmanager_random_password" "webhook" {
  count               = var.generate_webhook_secret ? 1 : 0
  provider            = aws.secret_generator
  password_length     = 40
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret_version" "webhook" {
  count                    = var.generate_webhook_secret ? 1 : 0
  secret_id                = aws_secretsmanager_secret.webhook.id
  secret_string_wo         = jsonencode({ secret = ephemeral.aws_secretsmanager_random_password.webhook[0].random_password })
  secret_string_wo_version = 1
}

# The state key, {"hash-key": "..."}: the splitter and split-chunk hash the user keys (and fingerprints) they keep in
# state/ with it and seal the state's key directory (docs/personal-data.md); the replay hashes the keys of the users it
# sends again with it, as the splitter's batches carry them, so that a newer file's users are left out. With generate_state_key, Secrets
# Manager generates it at the first apply (64 letters and digits, about 380 bits) and Terraform writes it write-only,
# once: it is in neither the plan nor the state. Changing it later makes every sync's state unreadable (each run
# then fails with a configuration error naming the key) until the old key is put back or the state removed.
resource "aws_secretsmanager_secret" "state" {
  name_prefix = "${local.name}-state-"
  description = "profile-sync state key (JSON), read by the splitter, split-chunk and replay functions"
}

ephemeral "aws_secretsmanager_random_password" "state" {
  count               = var.generate_state_key ? 1 : 0
  provider            = aws.secret_generator
  password_length     = 64
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret_version" "state" {
  count                    = var.generate_state_key ? 1 : 0
  secret_id                = aws_secretsmanager_secret.state.id
  secret_string_wo         = jsonencode({ "hash-key" = ephemeral.aws_secretsmanager_random_password.state[0].random_password })
  secret_string_wo_version = 1
}

locals {
  # Every secret by name: the enabled destinations, "webhook" and "state".
  secret_arns = merge(
    { for destination in local.destinations : destination => aws_secretsmanager_secret.destination[destination].arn },
    { webhook = aws_secretsmanager_secret.webhook.arn, state = aws_secretsmanager_secret.state.arn }
  )
}
