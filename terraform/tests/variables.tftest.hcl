# Input validation: vendor endpoints must be https:// URLs, evergage_url has no default, the export's /tmp
# stays within Lambda's limits. Plans only.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Never used (generate_webhook_secret = false): mock providers cannot open ephemeral resources.
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
  function_zip            = "tests/fixtures/function.zip"
  generate_webhook_secret = false
}

run "https_vendor_urls_are_accepted" {
  command = plan
  variables {
    evergage_url   = "https://mybrand.eu.evergage.com"
    xtremepush_url = "https://api.us.xtremepush.com"
  }
  assert {
    condition     = aws_lambda_function.function["poster"].environment[0].variables["QUARKUS_REST_CLIENT_XTREMEPUSH_URL"] == "https://api.us.xtremepush.com"
    error_message = "xtremepush_url does not reach the poster"
  }
}

run "insider_url_must_be_https" {
  command = plan
  variables {
    evergage_url = "https://mybrand.eu.evergage.com"
    insider_url  = "http://unification.useinsider.com"
  }
  expect_failures = [var.insider_url]
}

run "xtremepush_url_must_be_https" {
  command = plan
  variables {
    evergage_url   = "https://mybrand.eu.evergage.com"
    xtremepush_url = "http://external-api.xtremepush.com"
  }
  expect_failures = [var.xtremepush_url]
}

run "evergage_url_must_be_https" {
  command = plan
  variables {
    evergage_url = "http://mybrand.eu.evergage.com"
  }
  expect_failures = [var.evergage_url]
}

run "evergage_url_must_be_a_url" {
  command = plan
  variables {
    evergage_url = "https://"
  }
  expect_failures = [var.evergage_url]
}

# Leaving evergage_url out stops a plan ("No value for required variable"), which a test cannot expect; so:
# variables.tf gives it no default, and no value (null) is refused.
run "evergage_url_has_no_default" {
  command = plan
  variables {
    evergage_url = "https://mybrand.eu.evergage.com"
    # From its declaration to the first "}" (the end of its validation's condition, or of the block).
    declaration = regex("variable \"evergage_url\" \\{[^}]*", file("variables.tf"))
  }
  assert {
    condition     = !can(regex("\\bdefault\\s*=", var.declaration))
    error_message = "evergage_url must have no default: every deployment names its own Evergage account"
  }
}

run "evergage_url_is_required" {
  command = plan
  variables {
    evergage_url = null
  }
  expect_failures = [var.evergage_url]
}

run "export_ephemeral_storage_within_lambda_limits" {
  command = plan
  variables {
    evergage_url                = "https://mybrand.eu.evergage.com"
    export_ephemeral_storage_mb = 20480
  }
  expect_failures = [var.export_ephemeral_storage_mb]
}
