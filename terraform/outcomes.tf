# The outcome table (docs/querying-outcomes.md): every user's outcome per run, written by whoever reports a run
# (iam.tf, run_completion) as gzipped JSON lines under tables/outcomes/sync=<sync>/destination=<destination>/date=<yyyy-MM-dd>/
# in the work bucket, and read by Athena through this Glue table. Partition projection computes the partitions from
# the table's properties, so no crawler runs and no partition is ever added
# (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html).
locals {
  outcomes_prefix   = "tables/outcomes/"
  outcomes_location = "s3://${aws_s3_bucket.work.bucket}/${local.outcomes_prefix}"
  # The table's columns, as the report writes them (report.OutcomeTable); the partition columns come from the key.
  outcome_columns = [
    { name = "run_id", type = "string", comment = "the run (runs/<run_id>/ in the work bucket)" },
    { name = "source", type = "string", comment = "the dropped file, s3://bucket/key" },
    { name = "stream", type = "string", comment = "users, accounts (Evergage) or deletes" },
    { name = "line", type = "bigint", comment = "the user's source line in the file" },
    { name = "key_hash", type = "bigint", comment = "the run's 64-bit key hash of the user: fnv1a_64 of 'users', a NUL and the destination key (null for rejected and superseded rows)" },
    { name = "outcome", type = "string", comment = "delivered, failed, unconfirmed, stale, pending, held, rejected or superseded" },
    { name = "reason", type = "string", comment = "why (masked): the destination's reason, the broken rules, the line that superseded it" },
    { name = "batch", type = "int", comment = "the batch that carried the user" },
    { name = "part", type = "string", comment = "the part of a batch split after a refusal as a whole (1, 2.1, ...)" },
    { name = "http_status", type = "int", comment = "the destination's last HTTP status for the batch, 0 when none" },
    { name = "recorded_at", type = "string", comment = "when the poster recorded the batch's outcome (ISO-8601)" },
  ]
}

resource "aws_glue_catalog_database" "outcomes" {
  # Glue and Athena names: lower case, digits and underscores
  name = "${replace(lower(local.name), "-", "_")}_outcomes"
}

resource "aws_glue_catalog_table" "outcomes" {
  name          = "outcomes"
  database_name = aws_glue_catalog_database.outcomes.name
  table_type    = "EXTERNAL_TABLE"
  description   = "Every user's outcome per run (docs/querying-outcomes.md)"

  # Partition projection (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html):
  # sync names are open-ended, so sync is injected (a query names the syncs it reads, with = or IN:
  # https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html); the destinations
  # are the enabled ones; the date is the day each run started, from outcome_table_first_date to today. A sync
  # named with a slash (crm/eu) lands in sync=crm/eu/ as the template substitutes it.
  parameters = {
    EXTERNAL                        = "TRUE"
    classification                  = "json"
    "projection.enabled"            = "true"
    "projection.sync.type"          = "injected"
    "projection.destination.type"   = "enum"
    "projection.destination.values" = join(",", local.destinations)
    "projection.date.type"          = "date"
    "projection.date.format"        = "yyyy-MM-dd"
    "projection.date.range"         = "${var.outcome_table_first_date},NOW"
    "projection.date.interval"      = "1"
    "projection.date.interval.unit" = "DAYS"
    "storage.location.template"     = "${local.outcomes_location}sync=$${sync}/destination=$${destination}/date=$${date}/"
  }

  partition_keys {
    name = "sync"
    type = "string"
  }
  partition_keys {
    name = "destination"
    type = "string"
  }
  partition_keys {
    name    = "date"
    type    = "string"
    comment = "yyyy-MM-dd (UTC), the day the run started"
  }

  # Gzipped JSON lines, read with the OpenX JSON SerDe; Athena decompresses by the .gz extension
  # (https://docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html, .../compression-formats.html).
  storage_descriptor {
    location      = local.outcomes_location
    input_format  = "org.apache.hadoop.mapred.TextInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

    ser_de_info {
      serialization_library = "org.openx.data.jsonserde.JsonSerDe"
    }

    dynamic "columns" {
      for_each = local.outcome_columns
      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = columns.value.comment
      }
    }
  }
}

# Queries run in this workgroup, whose results (and only those) go to athena-results/ in the work bucket, expired
# after outcome_query_results_days (storage.tf); enforcing the workgroup's settings keeps a client from sending
# results elsewhere.
resource "aws_athena_workgroup" "outcomes" {
  name          = "${local.name}-outcomes"
  description   = "Queries over the outcome table (docs/querying-outcomes.md)"
  force_destroy = true

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true

    # encrypted by the bucket's default (KMS, storage.tf)
    result_configuration {
      output_location = "s3://${aws_s3_bucket.work.bucket}/athena-results/"
    }
  }
}
