terraform {
  # 1.11: write-only arguments (the webhook secret never enters the state).
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100: the ephemeral aws_secretsmanager_random_password and secret_string_wo.
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = var.region
}

# The same account and region, used only to generate the webhook secret (secret-store.tf). It is a
# configuration of its own because terraform test's mock providers cannot open ephemeral resources (Terraform
# 1.11): the tests give this one a real configuration that makes no AWS call and set generate_webhook_secret
# to false, so nothing ever opens it there.
provider "aws" {
  alias  = "secret_generator"
  region = var.region
}

data "aws_caller_identity" "current" {}
