# rename:skip-file. Deployments written before "vendor" became "destination" (docs/upgrading.md): their variable
# still configures the destinations (validated as destinations is), with the warning below, and their secrets keep
# their address. To go in a later version.

variable "vendors" {
  description = "Deprecated: the former name of destinations (same shape); read when set, with a warning"
  type = map(object({
    enabled             = optional(bool, true)
    url                 = optional(string)
    max_concurrency     = optional(number, 4)
    requests_per_minute = optional(number)
    max_items           = optional(number)
  }))
  default = null
}

locals {
  destination_settings = var.vendors != null ? var.vendors : var.destinations
}

check "former_variable_names" {
  assert {
    condition     = var.vendors == null
    error_message = "The variable vendors is deprecated: rename it destinations (same shape). It is read until a later version."
  }
}

moved {
  from = aws_secretsmanager_secret.vendor
  to   = aws_secretsmanager_secret.destination
}
