# One role per function, allowed exactly the calls it makes (terraform/tests/function-permissions.json, recorded
# from the packaged functions; tests/permissions.tftest.hcl holds each policy to it) and its own log group.
# Only enabled destinations' queues and secrets appear.
locals {
  drop = aws_s3_bucket.drop.arn
  work = aws_s3_bucket.work.arn

  destination_queues  = [for destination in local.destinations : aws_sqs_queue.batches[destination].arn]
  destination_secrets = [for destination in local.destinations : aws_secretsmanager_secret.destination[destination].arn]
  insider_queue       = [for destination in local.destinations : aws_sqs_queue.batches[destination].arn if destination == "insider"]
  evergage_secret     = [for destination in local.destinations : aws_secretsmanager_secret.destination[destination].arn if destination == "evergage"]

  # Without s3:ListBucket a missing key answers 403 instead of 404, and the functions look for keys that may
  # not exist (manifests, outcomes, claims) or list prefixes (reports, replays). A prefix condition would not
  # apply to those GETs, so the permission is on the bucket.
  # Completing a run (run.RunCompletion): whoever records a run's last outcome, or splits a run with nothing to
  # deliver, writes its report and publishes its event on the default bus; the report function can do it again.
  run_bus = "arn:aws:events:${var.region}:${data.aws_caller_identity.current.account_id}:event-bus/default"
  # The report also writes the run's rows of the outcome table (docs/querying-outcomes.md), from its outcomes,
  # rejected and superseded rows: its writers may put objects under tables/outcomes/ and nowhere else in tables/.
  run_completion = [
    { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/runs/*/completion.json", "${local.work}/runs/*/manifest.json", "${local.work}/runs/*/outcomes/*", "${local.work}/runs/*/rejected-rows.jsonl", "${local.work}/runs/*/superseded-rows.jsonl"] },
    { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/completion.json", "${local.work}/runs/*/report.json", "${local.work}/runs/*/report.html", "${local.work}/runs/*/failed-rows.jsonl", "${local.work}/${local.outcomes_prefix}*"] },
    { Effect = "Allow", Action = ["events:PutEvents"], Resource = [local.run_bus] },
  ]

  tracing_statement = { Effect = "Allow", Action = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource = ["*"] }

  # What the splitter and split-chunk both do: read the dropped file (split-chunk a chunk's byte range of it), split
  # it into the run's outputs and the destinations' queues, keep a chunked split's intermediate files under split-chunks/
  # and queue its work on the split-chunks queue (the splitter its chunks, split-chunk its reduce's groups). Change
  # detection reads the sync's state, and the earlier runs' outcomes and sent users it folds in.
  # The drop bucket is versioned and every S3 event names the version it announces: the file is read at that
  # version (s3:GetObjectVersion; its tags with s3:GetObjectVersionTagging), never by key alone.
  split = concat(local.run_completion, [
    { Effect = "Allow", Action = ["s3:GetObjectVersion"], Resource = ["${local.drop}/incoming/*"] },
    # messages/: a guarded run's batch messages, kept until its guards are checked (docs/sync.md, "Guards")
    { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.drop}/incoming/*", "${local.work}/runs/*/manifest.json", "${local.work}/runs/*/messages/*", "${local.work}/runs/*/outcomes/*", "${local.work}/runs/*/sent/*", "${local.work}/state/*", "${local.work}/split-chunks/*"] },
    { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/batches/*", "${local.work}/runs/*/holding/*", "${local.work}/runs/*/identifier-changes.jsonl", "${local.work}/runs/*/manifest.json", "${local.work}/runs/*/messages/*", "${local.work}/runs/*/rejected-rows.jsonl", "${local.work}/runs/*/removed-users.jsonl", "${local.work}/runs/*/sent/*", "${local.work}/runs/*/superseded-rows.jsonl", "${local.work}/state/*", "${local.work}/split-chunks/*"] },
    { Effect = "Allow", Action = ["s3:DeleteObject"], Resource = ["${local.work}/state/*"] },
    { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.work] },
    { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = concat(local.destination_queues, [aws_sqs_queue.split_chunks.arn]) },
    # the state key: the state's user keys are hashed, and its key directory sealed, with it (docs/personal-data.md)
    { Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = [aws_secretsmanager_secret.state.arn] },
  ])

  statements = {
    # the file's mapping and tags
    splitter = concat(local.split, [
      # mappings are looked up by key in the drop bucket, where a missing one must answer 404
      { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.drop] },
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.drop}/mappings/*"] },
      { Effect = "Allow", Action = ["s3:GetObjectTagging", "s3:GetObjectVersionTagging"], Resource = ["${local.drop}/incoming/*"] },
      # Lambda sends the invocation record of a split that failed for good to the on-failure destination with the
      # function's role ("Capturing records of Lambda asynchronous invocations", AWS Lambda Developer Guide)
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = [aws_sqs_queue.split_failures.arn] },
    ])
    # Lambda's SQS event source polls the chunks' queue with the function's role.
    split-chunk = concat(local.split, [
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource = [aws_sqs_queue.split_chunks.arn] },
    ])
    # A split that failed for good: whether its run has a manifest (or its chunks were queued), the chunked run's
    # plan, the failed manifest, and the run's completion (report, event). Lambda polls its two queues with its role.
    split-failures = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/runs/*/manifest.json", "${local.work}/runs/*/completion.json", "${local.work}/split-chunks/*"] },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/manifest.json", "${local.work}/runs/*/completion.json", "${local.work}/runs/*/report.json", "${local.work}/runs/*/report.html", "${local.work}/runs/*/failed-rows.jsonl"] },
      { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.work] },
      { Effect = "Allow", Action = ["events:PutEvents"], Resource = [local.run_bus] },
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource = [aws_sqs_queue.split_failures.arn, aws_sqs_queue.split_chunk_dead_letters.arn] },
    ]
    poster = concat(local.run_completion, [
      # refusals/: the answers batches were refused with as a whole, kept while they are split (split retries)
      # holding/: the users newer runs of the sync hold (left out of an older run's batch); state/: the posts in
      # progress, which newer runs' posts wait for (docs/sync.md, "The newest value wins")
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/runs/*/batches/*", "${local.work}/runs/*/claims/*", "${local.work}/runs/*/holding/*", "${local.work}/runs/*/outcomes/*", "${local.work}/runs/*/refusals/*"] },
      # batches/: the halves of a batch its destination refused as a whole (split retries)
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/batches/*", "${local.work}/runs/*/claims/*", "${local.work}/runs/*/outcomes/*", "${local.work}/runs/*/refusals/*", "${local.work}/state/*"] },
      { Effect = "Allow", Action = ["s3:DeleteObject"], Resource = ["${local.work}/state/*"] },
      { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.work] },
      # Receive, delete and queue attributes are the SQS event source's (Lambda polls with the function's role);
      # the poster itself extends visibility and queues follow-ups and the halves of split batches.
      {
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility", "sqs:SendMessage"]
        Resource = local.destination_queues
      },
      { Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = local.destination_secrets },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/done/*"] },
    ])
    # rejected-rows.jsonl (in run_completion): streamed, grouped by rule, for report.html. Releasing a held run
    # (docs/sync.md, "Guards") marks its manifest released and queues the batch messages it kept.
    report = concat(local.run_completion, [
      { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.work] },
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/runs/*/messages/*"] },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/manifest.json"] },
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = local.destination_queues },
    ])
    callbacks = [
      # batches/: the size of the batch a callback names (a HEAD), which a run must have sent (a missing one: 404)
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/runs/*/batches/*"] },
      { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.work] },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/callbacks/*", "${local.work}/runs/*/callbacks/*"] },
      { Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = [aws_secretsmanager_secret.webhook.arn] },
    ]
    replay = [
      # batches/: the users the batch a callback names carried, the only ones replayed; manifest.json: the sync of the run
      # that sent it (its place in the sync's order is a LIST of state/<sync>/run-order/); places.json: a replay's
      # batches' places, for a replay of its own callbacks
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = ["${local.work}/callbacks/*", "${local.work}/runs/*/batches/*", "${local.work}/runs/*/manifest.json", "${local.work}/runs/*/places.json"] },
      { Effect = "Allow", Action = ["s3:PutObject"], Resource = ["${local.work}/runs/*/batches/*", "${local.work}/runs/*/manifest.json", "${local.work}/runs/*/places.json", "${local.work}/runs/*/rejected-rows.jsonl"] },
      { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.work] },
      { Effect = "Allow", Action = ["sqs:SendMessage"], Resource = local.insider_queue },
      # the state key: a replayed user's key hash, as the splitter's batches carry it
      { Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = [aws_secretsmanager_secret.state.arn] },
    ]
    callbacks-report = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = ["${local.work}/callbacks/*"] },
      { Effect = "Allow", Action = ["s3:ListBucket"], Resource = [local.work] },
    ]
    export = [
      { Effect = "Allow", Action = ["s3:PutObject", "s3:AbortMultipartUpload"], Resource = ["${local.work}/exports/*"] },
      { Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = local.evergage_secret },
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
      # Active tracing: Lambda sends the function's trace segments with its role (X-Ray has no resource-level
      # permissions for these two actions, hence "*")
      [local.tracing_statement],
      # A statement without resources (a disabled destination's) is not valid IAM: leave it out.
      [for statement in local.statements[each.key] : statement if length(statement.Resource) > 0]
    )
  })
}
