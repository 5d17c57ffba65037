# One role per function, each allowed only its own buckets, prefixes, queues and secret.
locals {
  work = aws_s3_bucket.work.arn
  drop = aws_s3_bucket.drop.arn

  vendor_queue_arns = [for vendor in local.vendors : aws_sqs_queue.batches[vendor].arn]
  read_secret = {
    Effect   = "Allow"
    Action   = ["secretsmanager:GetSecretValue"]
    Resource = [aws_secretsmanager_secret.credentials.arn]
  }
  # Without s3:ListBucket a missing key answers 403 instead of 404, and the functions look for keys that may
  # not exist (manifests, outcomes, mappings) or list prefixes (reports, replays). A prefix condition would not
  # apply to those GETs, so the permission is on the bucket.
  list = {
    splitter         = [local.drop, local.work]
    poster           = [local.work]
    report           = [local.work]
    callbacks        = []
    replay           = [local.work]
    callbacks-report = [local.work]
    export           = []
  }

  statements = {
    splitter = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.drop}/incoming/*", "${local.drop}/mappings/*"] },
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = ["${local.work}/runs/*"] },
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = local.vendor_queue_arns },
    ]
    poster = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/runs/*"] },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/outcomes/*"] },
      {
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility", "sqs:SendMessage"]
        Resource = local.vendor_queue_arns
      },
      local.read_secret,
    ]
    report = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/runs/*"] },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/report.json", "${local.work}/runs/*/failed-rows.jsonl"] },
    ]
    callbacks = [
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/callbacks/*", "${local.work}/runs/*/callbacks/*"] },
      local.read_secret,
    ]
    replay = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/callbacks/*"] },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*"] },
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = [for vendor in local.vendors : aws_sqs_queue.batches[vendor].arn if vendor == "insider"] },
      local.read_secret,
    ]
    callbacks-report = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = ["${local.work}/callbacks/*"] },
    ]
    export = [
      { Effect = "Allow", Action = ["s3:PutObject", "s3:AbortMultipartUpload"], Resource = ["${local.work}/exports/*"] },
      local.read_secret,
    ]
  }
}

resource "aws_iam_role" "function" {
  for_each    = local.functions
  name_prefix = "${local.name}-${each.key}-"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions
  role     = aws_iam_role.function[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
      }],
      local.statements[each.key],
      [for bucket in local.list[each.key] : {
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [bucket]
      }]
    )
  })
}
