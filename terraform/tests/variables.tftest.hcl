# Input validation: destination urls must be https:// URLs, Evergage's has no default, the export's and
# split-chunk's /tmp stay within Lambda's limits, run outputs outlive a sync's next fold, the chunked split's
# chunk size, concurrency and retention stay in their ranges. Plans only.

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
  function_zip            = "tests/fixtures/function.zip"
  generate_webhook_secret = false
  generate_state_key      = false
}

run "https_destination_urls_are_accepted" {
  command = plan
  variables {
    destinations = {
      insider    = {}
      xtremepush = { url = "https://api.us.xtremepush.com" }
      evergage   = { url = "https://mybrand.eu.evergage.com" }
    }
  }
  assert {
    condition     = aws_lambda_function.function["poster"].environment[0].variables["QUARKUS_REST_CLIENT_XTREMEPUSH_URL"] == "https://api.us.xtremepush.com"
    error_message = "xtremepush's url does not reach the poster"
  }
  assert {
    condition     = !contains(keys(aws_lambda_function.function["poster"].environment[0].variables), "QUARKUS_REST_CLIENT_INSIDER_URL")
    error_message = "a destination without a url uses the one its package declares: Terraform sets none"
  }
}

run "insider_url_must_be_https" {
  command = plan
  variables {
    destinations = {
      insider    = { url = "http://unification.useinsider.com" }
      xtremepush = {}
      evergage   = { url = "https://mybrand.eu.evergage.com" }
    }
  }
  expect_failures = [var.destinations]
}

run "xtremepush_url_must_be_https" {
  command = plan
  variables {
    destinations = {
      insider    = {}
      xtremepush = { url = "http://external-api.xtremepush.com" }
      evergage   = { url = "https://mybrand.eu.evergage.com" }
    }
  }
  expect_failures = [var.destinations]
}

run "evergage_url_must_be_https" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = { url = "http://mybrand.eu.evergage.com" } }
  }
  expect_failures = [var.destinations]
}

run "evergage_url_must_be_a_url" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = { url = "https://" } }
  }
  expect_failures = [var.destinations]
}

# The default destinations (destinations = null takes them: the variable is not nullable) enable Evergage without a url,
# which a plan refuses: every deployment names its own Evergage account.
run "evergage_url_has_no_default" {
  command = plan
  variables {
    destinations = null
  }
  expect_failures = [var.destinations]
}

run "evergage_url_is_required_while_evergage_is_enabled" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = {} }
  }
  expect_failures = [var.destinations]
}

run "evergage_disabled_needs_no_url" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = { enabled = false } }
  }
  assert {
    condition     = !contains(keys(aws_sqs_queue.batches), "evergage")
    error_message = "a disabled Evergage gets no queue"
  }
}

run "max_concurrency_at_least_two" {
  command = plan
  variables {
    destinations = { insider = { max_concurrency = 1 }, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
  }
  expect_failures = [var.destinations]
}

run "export_ephemeral_storage_within_lambda_limits" {
  command = plan
  variables {
    destinations                = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    export_ephemeral_storage_mb = 20480
  }
  expect_failures = [var.export_ephemeral_storage_mb]
}

run "runs_outlive_the_fold_of_a_syncs_next_run" {
  command = plan
  variables {
    run_retention_days = 1
    destinations       = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
  }
  expect_failures = [var.run_retention_days]
}

run "split_chunk_ephemeral_storage_within_lambda_limits" {
  command = plan
  variables {
    destinations                     = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_chunk_ephemeral_storage_mb = 256
  }
  expect_failures = [var.split_chunk_ephemeral_storage_mb]
}

run "split_chunk_bytes_at_least_16_mib" {
  command = plan
  variables {
    destinations      = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_chunk_bytes = 16777215
  }
  expect_failures = [var.split_chunk_bytes]
}

run "split_chunk_bytes_at_most_4_gib" {
  command = plan
  variables {
    destinations      = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_chunk_bytes = 4294967297
  }
  expect_failures = [var.split_chunk_bytes]
}

run "split_chunk_bytes_bounds_are_accepted" {
  command = plan
  variables {
    destinations            = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_chunk_bytes       = 4294967296
    split_chunk_concurrency = 1000
  }
  assert {
    condition     = aws_lambda_function.function["splitter"].environment[0].variables["PROFILE_SYNC_SPLIT_CHUNK_BYTES"] == "4294967296" && one(aws_lambda_event_source_mapping.split_chunk.scaling_config).maximum_concurrency == 1000
    error_message = "4 GiB chunks and 1000 concurrent split-chunk instances are allowed (and 4 GiB is written out in full)"
  }
}

run "input_limits_must_be_whole_and_positive" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    input_limits = { max_columns = 0 }
  }
  expect_failures = [var.input_limits]
}

run "input_limits_set_reach_both_split_functions_and_the_others_stay_unset" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    input_limits = { max_record_bytes = 134217728, max_inflated_bytes = 17179869184 }
  }
  assert {
    condition = alltrue([for f in ["splitter", "split-chunk"] :
      aws_lambda_function.function[f].environment[0].variables["PROFILE_SYNC_INPUT_MAX_RECORD_BYTES"] == "134217728"
      && aws_lambda_function.function[f].environment[0].variables["PROFILE_SYNC_INPUT_MAX_INFLATED_BYTES"] == "17179869184"
      && !contains(keys(aws_lambda_function.function[f].environment[0].variables), "PROFILE_SYNC_INPUT_MAX_COLUMNS")
    ])
    error_message = "the input limits set go to the splitter and split-chunk in full; one left null is not set (sized from the heap)"
  }
}

run "split_reduce_group_bytes_at_least_256_mib" {
  command = plan
  variables {
    destinations             = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_reduce_group_bytes = 268435455
  }
  expect_failures = [var.split_reduce_group_bytes]
}

run "split_reduce_group_bytes_at_most_64_gib" {
  command = plan
  variables {
    destinations             = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_reduce_group_bytes = 68719476737
  }
  expect_failures = [var.split_reduce_group_bytes]
}

run "split_chunk_concurrency_at_least_two" {
  command = plan
  variables {
    destinations            = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_chunk_concurrency = 1
  }
  expect_failures = [var.split_chunk_concurrency]
}

run "split_chunk_concurrency_at_most_1000" {
  command = plan
  variables {
    destinations            = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_chunk_concurrency = 1001
  }
  expect_failures = [var.split_chunk_concurrency]
}

run "split_chunks_are_kept_at_least_a_day" {
  command = plan
  variables {
    destinations               = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_chunk_retention_days = 0
  }
  expect_failures = [var.split_chunk_retention_days]
}

run "memory_mb_names_only_functions" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    memory_mb    = { spliter = 4096 }
  }
  expect_failures = [var.memory_mb]
}

run "timeout_seconds_names_only_functions" {
  command = plan
  variables {
    destinations    = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    timeout_seconds = { posterr = 60 }
  }
  expect_failures = [var.timeout_seconds]
}

run "evergage_delivery_reaches_the_poster" {
  command = plan
  variables {
    destinations      = { evergage = { url = "https://mybrand.eu.evergage.com" } }
    evergage_delivery = "etl-feed"
  }
  assert {
    condition     = aws_lambda_function.function["poster"].environment[0].variables["PROFILE_SYNC_EVERGAGE_DELIVERY"] == "etl-feed"
    error_message = "evergage_delivery does not reach the poster"
  }
}

run "evergage_delivery_is_api_or_etl_feed" {
  command = plan
  variables {
    destinations      = { evergage = { url = "https://mybrand.eu.evergage.com" } }
    evergage_delivery = "sftp"
  }
  expect_failures = [var.evergage_delivery]
}

# A deployment written before the rename (legacy-name: its variable was "vendors") plans the same, with a warning.
run "the_former_variable_name_still_configures_the_destinations" {
  command = plan
  variables {
    vendors = { # legacy-name
      insider    = { requests_per_minute = 25000, max_concurrency = 10 }
      xtremepush = { enabled = false }
      evergage   = { enabled = false }
    }
  }
  expect_failures = [check.former_variable_names]
  assert {
    condition     = keys(aws_sqs_queue.batches) == ["insider"] && keys(aws_secretsmanager_secret.destination) == ["insider"]
    error_message = "the former variable's destinations do not get their queues and secrets"
  }
  assert {
    condition     = aws_lambda_function.function["poster"].environment[0].variables["PROFILE_SYNC_DESTINATIONS_INSIDER_REQUESTS_PER_MINUTE"] == "2250"
    error_message = "the former variable's rate limit does not reach the poster"
  }
}

run "the_former_variable_name_is_validated_too" {
  command = plan
  variables {
    vendors = { insider = { url = "http://unification.useinsider.com" } } # legacy-name
  }
  expect_failures = [var.destinations, check.former_variable_names]
}

run "split_priming_rows_whole_and_at_most_ten_million" {
  command = plan
  variables {
    destinations       = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_priming_rows = 10000001
  }
  expect_failures = [var.split_priming_rows]
}

run "split_priming_rows_not_negative" {
  command = plan
  variables {
    destinations       = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    split_priming_rows = -1
  }
  expect_failures = [var.split_priming_rows]
}

run "split_priming_rows_reach_both_split_functions_in_jvm_mode_only" {
  command = plan
  variables {
    destinations       = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    native             = false
    split_priming_rows = 0
  }
  assert {
    condition = alltrue([for f in ["splitter", "split-chunk"] :
      aws_lambda_function.function[f].environment[0].variables["PROFILE_SYNC_SPLIT_PRIMING_ROWS"] == "0"
      ]) && alltrue([for f in ["poster", "callbacks", "export", "report"] :
      !contains(keys(aws_lambda_function.function[f].environment[0].variables), "PROFILE_SYNC_SPLIT_PRIMING_ROWS")
    ])
    error_message = "split_priming_rows goes to the splitter and split-chunk, and to no other function"
  }
}

run "native_functions_are_not_primed" {
  command = plan
  variables {
    destinations = { insider = {}, xtremepush = {}, evergage = { url = "https://mybrand.eu.evergage.com" } }
    native       = true
  }
  assert {
    condition = alltrue([for f in ["splitter", "split-chunk"] :
      !contains(keys(aws_lambda_function.function[f].environment[0].variables), "PROFILE_SYNC_SPLIT_PRIMING_ROWS")
    ])
    error_message = "a native function has no SnapStart snapshot to prime"
  }
}
