# The drop bucket: files land under incoming/, mapping documents live under mappings/.
resource "aws_s3_bucket" "drop" {
  bucket_prefix = "${local.name}-drop-"
}

# The working bucket: runs/ (batches, outcomes, manifests, reports), callbacks/, exports/, split-chunks/ (a
# chunked split's intermediate files), tables/outcomes/ (the outcome table) and athena-results/.
resource "aws_s3_bucket" "work" {
  bucket_prefix = "${local.name}-work-"
}

resource "aws_s3_bucket_public_access_block" "private" {
  for_each                = { drop = aws_s3_bucket.drop.id, work = aws_s3_bucket.work.id }
  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "encrypted" {
  for_each = { drop = aws_s3_bucket.drop.id, work = aws_s3_bucket.work.id }
  bucket   = each.value
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

# Both buckets refuse requests that do not use TLS (AWS Security Hub control S3.5, "S3 general purpose buckets
# should require requests to use SSL": https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5;
# the policy is AWS's own example, https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
resource "aws_s3_bucket_policy" "tls_only" {
  for_each = { drop = aws_s3_bucket.drop, work = aws_s3_bucket.work }
  bucket   = each.value.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyRequestsWithoutTls"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [each.value.arn, "${each.value.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  # S3 refuses a bucket policy while the public access block is being written (a 409 on a new bucket).
  depends_on = [aws_s3_bucket_public_access_block.private]
}

# Versioning protects dropped files and mappings from being overwritten by mistake.
resource "aws_s3_bucket_versioning" "drop" {
  bucket = aws_s3_bucket.drop.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "drop" {
  bucket = aws_s3_bucket.drop.id
  rule {
    id     = "expire-dropped-files"
    status = "Enabled"
    filter {
      prefix = "incoming/"
    }
    expiration {
      days = var.input_retention_days
    }
    noncurrent_version_expiration {
      noncurrent_days = var.input_retention_days
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "work" {
  bucket = aws_s3_bucket.work.id
  rule {
    id     = "expire-runs"
    status = "Enabled"
    filter {
      prefix = "runs/"
    }
    expiration {
      days = var.run_retention_days
    }
  }
  rule {
    id     = "expire-callbacks"
    status = "Enabled"
    filter {
      prefix = "callbacks/"
    }
    expiration {
      days = var.run_retention_days
    }
  }
  rule {
    id     = "expire-exports"
    status = "Enabled"
    filter {
      prefix = "exports/"
    }
    expiration {
      days = var.export_retention_days
    }
  }
  # A chunked split's plan and intermediate files (docs/chunked-split.md, "Chunked split"): needed until the run's reduce.
  rule {
    id     = "expire-split-chunks"
    status = "Enabled"
    filter {
      prefix = "split-chunks/"
    }
    expiration {
      days = var.split_chunk_retention_days
    }
  }
  # The outcome table (outcomes.tf) and Athena's query results over it.
  rule {
    id     = "expire-outcome-table"
    status = "Enabled"
    filter {
      prefix = local.outcomes_prefix
    }
    expiration {
      days = var.outcome_retention_days
    }
  }
  rule {
    id     = "expire-query-results"
    status = "Enabled"
    filter {
      prefix = "athena-results/"
    }
    expiration {
      days = var.outcome_query_results_days
    }
  }
  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# Only objects under incoming/ trigger the splitter.
resource "aws_s3_bucket_notification" "drop" {
  bucket = aws_s3_bucket.drop.id
  lambda_function {
    lambda_function_arn = aws_lambda_alias.live["splitter"].arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "incoming/"
  }
  depends_on = [aws_lambda_permission.s3_invokes_splitter]
}

resource "aws_lambda_permission" "s3_invokes_splitter" {
  statement_id  = "AllowS3Invoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function["splitter"].function_name
  qualifier     = aws_lambda_alias.live["splitter"].name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.drop.arn
  # Bucket ARNs name no account: without this, a bucket of the same name in another account could invoke it.
  source_account = data.aws_caller_identity.current.account_id
}
