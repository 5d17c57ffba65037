package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Records, in a packaged function's process, the IAM permission every AWS call it makes needs, as
 * {@code action resource} lines (e.g. {@code s3:PutObject work/runs/*}{@code /outcomes/*}), so that each function's
 * role can be held to exactly what its code does ({@code FunctionPermissionsIT}, then Terraform's own test).
 * Loaded as an AWS SDK global interceptor from {@code src/test/sdk-recorder} when the local pipeline records
 * ({@code PROFILE_SYNC_SDK_CALL_LOG} names the file); it changes nothing about the calls.
 *
 * <p>Resources are named as Terraform's test names them: the drop and work buckets' objects by key pattern (the
 * run id and the file under a run's folder become {@code *}), the buckets themselves, each destination's queue and
 * each secret. A GET or HEAD of a missing key needs {@code s3:ListBucket} too: without it S3 answers 403, not 404.
 */
public class SdkCallRecorder implements ExecutionInterceptor {

    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("HeadObject", "s3:GetObject"), Map.entry("ListObjectsV2", "s3:ListBucket"),
            Map.entry("CreateMultipartUpload", "s3:PutObject"), Map.entry("UploadPart", "s3:PutObject"),
            Map.entry("CompleteMultipartUpload", "s3:PutObject"), Map.entry("SendMessageBatch", "sqs:SendMessage"));
    private static final Map<String, String> PREFIXES = Map.of("S3", "s3", "SQS", "sqs", "Secrets Manager", "secretsmanager",
            "EventBridge", "events");

    private final Optional<Path> log = Optional.ofNullable(System.getenv("PROFILE_SYNC_SDK_CALL_LOG")).map(Path::of);
    private final Map<String, String> buckets = log.isEmpty() ? Map.of() : Map.of(
            System.getenv("PROFILE_SYNC_SDK_CALL_DROP_BUCKET"), "drop", System.getenv("PROFILE_SYNC_SDK_CALL_WORK_BUCKET"), "work");

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(context.request(), attributes, false);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        boolean missing = context.exception() instanceof AwsServiceException service && service.statusCode() == 404;
        record(context.request(), attributes, missing);
    }

    private void record(SdkRequest request, ExecutionAttributes attributes, boolean missingKey) {
        if (log.isEmpty()) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String action = ACTIONS.getOrDefault(operation, PREFIXES.getOrDefault(service, service.toLowerCase()) + ":" + operation);
        Set<String> lines = new LinkedHashSet<>();
        Optional<String> bucket = request.getValueForField("Bucket", String.class);
        if (bucket.isPresent()) {
            String role = buckets.getOrDefault(bucket.get(), bucket.get());
            Optional<String> key = request.getValueForField("Key", String.class);
            lines.add(action + " " + key.map(k -> role + "/" + pattern(k)).orElse("bucket/" + role));
            if (missingKey) {
                lines.add("s3:ListBucket bucket/" + role);
            }
        }
        request.getValueForField("QueueUrl", String.class).ifPresent(url -> lines.add(action + " queue/"
                + url.substring(url.lastIndexOf('/') + 1).replace("-batches", "")));
        request.getValueForField("SecretId", String.class).ifPresent(id -> lines.add(action + " secret/"
                + id.substring(id.lastIndexOf("profile-sync-") + "profile-sync-".length())));
        if (request instanceof software.amazon.awssdk.services.eventbridge.model.PutEventsRequest events) {
            events.entries().forEach(entry -> lines.add(action + " bus/" + entry.eventBusName()));
        }
        write(lines);
    }

    /**
     * {@code runs/<id>/outcomes/insider/users-000001.json} -> {@code runs/*}{@code /outcomes/*}; {@code incoming/a/b.csv}
     * -> {@code incoming/*}; {@code tables/outcomes/sync=a/...} -> {@code tables/outcomes/*} (one prefix per table).
     */
    static String pattern(String key) {
        String[] parts = key.split("/");
        if (parts[0].equals("runs") && parts.length > 2) {
            return "runs/*/" + parts[2] + (parts.length > 3 ? "/*" : "");
        }
        if (parts[0].equals("tables") && parts.length > 2) {
            return "tables/" + parts[1] + "/*";
        }
        return parts[0] + "/*";
    }

    private synchronized void write(Set<String> lines) {
        try {
            Files.writeString(log.get(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
