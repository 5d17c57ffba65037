package io.profilesync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.queue.BatchMessage;
import io.profilesync.simulator.DestinationSimulator;
import io.profilesync.testing.BackgroundTask;
import io.profilesync.testing.FailedInvocations;
import io.profilesync.testing.LocalAws;
import io.profilesync.testing.S3Events;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole pipeline on this machine: local S3 and SQS servers, the queues Terraform creates in AWS, destination
 * simulators, and the packaged functions, each in its own JVM behind a Lambda Runtime API. Used by {@code infra/local/run} and
 * by the integration tests that need the packaged application.
 */
public final class LocalPipeline implements AutoCloseable {

    /** The working bucket: runs/, callbacks/, exports/ (as Terraform's work bucket). */
    public static final String BUCKET = "profile-sync-local";
    /** Where files are dropped (incoming/) and mappings live (mappings/), as Terraform's drop bucket. */
    public static final String DROP_BUCKET = "profile-sync-drop";
    /** A fresh secret per local stack, as the deployment's would be. */
    static final String CALLBACK_SECRET = UUID.randomUUID().toString().replace("-", "");
    public static final String[] DESTINATIONS = DestinationSimulator.simulatedDestinations().toArray(String[]::new);
    static final int DEFAULT_VISIBILITY_SECONDS = 2;
    /** The state key locally (docs/personal-data.md), and the file beside a kept state that holds it otherwise. */
    static final String STATE_KEY_VARIABLE = "PROFILE_SYNC_STATE_HASH_KEY";
    static final String STATE_KEY_FILE = "state-hash-key";
    /**
     * The retries Lambda makes of a failed asynchronous invocation (S3 invokes the splitter so), as Terraform sets them
     * ({@code maximum_retry_attempts}): AWS Lambda Developer Guide, "Error handling and automatic retries in
     * Lambda" (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
     */
    static final int ASYNC_RETRIES = 2;
    /**
     * Files from this size on are uploaded as S3 multipart uploads, in parts of this size: the AWS CLI's defaults
     * ({@code multipart_threshold} and {@code multipart_chunksize}, 8 MB). LocalS3 gathers each request's body in
     * memory at a cost quadratic in its size ({@link StreamingLocalS3}): a 1.7 GB file in one PutObject takes about
     * an hour, in 8 MiB parts about a minute.
     */
    public static final long PART_BYTES = 8L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long {@link #aws()} waits for the servers, buckets and queues: far longer than they take. */
    static final Duration SETUP_LIMIT = Duration.ofMinutes(2);

    private final LocalAws aws;
    private final BackgroundTask<Void> ready;
    private final DestinationSimulator simulator = new DestinationSimulator();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> queues = new LinkedHashMap<>();
    private final String chunkQueue;
    private final String splitFailures;
    private final List<String> simulated = new ArrayList<>();
    /** The secrets in the local Secrets Manager, by name, with their values. */
    private final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    private final Path runnerJar;
    private final String functionHeap;
    private final Map<String, String> functionHeaps = new LinkedHashMap<>();
    private final Consumer<String> log;
    private final Map<String, LambdaProcess> functions = new LinkedHashMap<>();
    private Path sdkCallLogs;
    private Path functionLogs;
    private final Map<String, FunctionOutput> outputs = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> functionEnvironments = new LinkedHashMap<>();
    /** The objects uploaded in parts: their S3 event is {@code ObjectCreated:CompleteMultipartUpload}, as in AWS. */
    private final Set<String> multipartKeys = ConcurrentHashMap.newKeySet();

    /**
     * @param runnerJar the packaged application
     * @param functionHeap {@code -Xmx} of each function JVM
     * @param log where function log lines go
     */
    public LocalPipeline(Path runnerJar, String functionHeap, Consumer<String> log) {
        this(runnerJar, functionHeap, Map.of(), log);
    }

    /** @param settings extra function environment, e.g. {@code PROFILE_SYNC_DESTINATIONS_INSIDER_REQUESTS_PER_MINUTE} */
    public LocalPipeline(Path runnerJar, String functionHeap, Map<String, String> settings, Consumer<String> log) {
        this(runnerJar, functionHeap, settings, DEFAULT_VISIBILITY_SECONDS, log);
    }

    /**
     * @param visibilitySeconds the queues' visibility timeout: how soon a message the poster did not finish comes
     *        back (AWS's is six times the poster's timeout; short here to keep local runs short)
     */
    public LocalPipeline(Path runnerJar, String functionHeap, Map<String, String> settings, int visibilitySeconds,
            Consumer<String> log) {
        this(runnerJar, functionHeap, settings, visibilitySeconds, Optional.empty(), log);
    }

    /** @param state a folder that keeps the local S3 buckets from one pipeline to the next (the sync's state with them) */
    public LocalPipeline(Path runnerJar, String functionHeap, Map<String, String> settings, int visibilitySeconds,
            Optional<Path> state, Consumer<String> log) {
        aws = LocalAws.startStreamingGets(state);
        environment.put("PROFILE_SYNC_OUTPUT_BUCKET", BUCKET);
        aws.quarkusConfig().forEach((key, value) -> environment.put(environmentName(key), value));
        for (String destination : DESTINATIONS) {
            queues.put(destination, aws.queueUrl(destination + "-batches"));
            environment.put(environmentName("profile-sync.destinations." + destination + ".queue-url"), queues.get(destination));
        }
        chunkQueue = aws.queueUrl("split-chunks");
        environment.put("PROFILE_SYNC_SPLIT_CHUNK_QUEUE_URL", chunkQueue);
        splitFailures = aws.queueUrl("split-failures");
        // the servers start, and the buckets and queues are made, on threads of their own while the caller starts
        // functions (start): the functions need only the addresses; every use of the services waits for them (aws())
        ready = BackgroundTask.start("making the local buckets and queues", () -> {
            aws.createBucket(BUCKET);
            aws.createBucket(DROP_BUCKET);
            for (String destination : DESTINATIONS) {
                aws.createQueueWithDeadLetters(destination + "-batches", 5, visibilitySeconds);
            }
            aws.createQueueWithDeadLetters("split-chunks", 3, visibilitySeconds);
            aws.createQueueWithDeadLetters("split-failures", 5, visibilitySeconds);
            return null;
        });
        useSimulatorsUnlessConfigured();
        environment.put("PROFILE_SYNC_POSTER_TASK_CHECK_DELAY", "1s");
        environment.put("PROFILE_SYNC_EXPORT_BUCKET", BUCKET);
        environment.put("PROFILE_SYNC_CALLBACKS_BUCKET", BUCKET);
        secret("callbacks", Map.of("secret", CALLBACK_SECRET));
        secret("state", Map.of("hash-key", stateKey(state)));
        environment.putAll(settings);
        this.runnerJar = runnerJar;
        this.functionHeap = functionHeap;
        this.log = log;
    }

    /**
     * The same destination settings for every destination, as function environment: {@code INITIAL_BACKOFF -> 10ms}
     * becomes {@code PROFILE_SYNC_DESTINATIONS_INSIDER_INITIAL_BACKOFF=10ms} and so on.
     */
    public static Map<String, String> everyDestination(Map<String, String> settings) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String destination : DESTINATIONS) {
            settings.forEach((name, value) -> environment.put("PROFILE_SYNC_DESTINATIONS_" + destination.toUpperCase(Locale.ROOT) + "_" + name, value));
        }
        return environment;
    }

    /**
     * From now on, each function started records the IAM permission of every AWS call it makes in
     * {@code dir/<function>.txt} ({@code testing.SdkCallRecorder}).
     */
    public void recordSdkCalls(Path dir) {
        environment.put("PROFILE_SYNC_SDK_CALL_DROP_BUCKET", DROP_BUCKET);
        environment.put("PROFILE_SYNC_SDK_CALL_WORK_BUCKET", BUCKET);
        sdkCallLogs = dir;
    }

    /**
     * From now on, each function's raw output goes to {@code dir/<function>.log}, and only its warnings and errors
     * to the log consumer (metric lines never do).
     */
    public void logFunctionsTo(Path dir) {
        functionLogs = dir;
    }

    /** A function's own {@code -Xmx} (e.g. as Terraform deploys it), in place of the pipeline's, from its next start. */
    public synchronized void heap(String function, String heap) {
        functionHeaps.put(function, heap);
    }

    /** Starts the function anew with these extra environment variables (e.g. a fault to meet). */
    public void restart(String function, Map<String, String> extraEnvironment) {
        functionEnvironments.put(function, Map.copyOf(extraEnvironment));
        kill(function);
    }

    /**
     * Starts these functions' JVMs now, side by side, so that they are up when their first event comes (as Lambda
     * keeps warm instances); a function already running is left as it is.
     */
    public void start(String... functions) {
        for (String function : functions) {
            function(function);
        }
    }

    /** Invokes any function with an event; answers its response. */
    public JsonNode invoke(String function, String event) {
        return parse(function(function).invoke(event));
    }

    /** A function's process, started on first use, and started again after it died (as Lambda would). */
    private synchronized LambdaProcess function(String name) {
        LambdaProcess running = functions.get(name);
        if (running != null && !running.isAlive()) {
            running.close();
            running = null;
        }
        if (running == null) {
            Map<String, String> functionEnvironment = new LinkedHashMap<>(environment);
            functionEnvironment.putAll(secretsOf(name));
            functionEnvironment.putAll(functionEnvironments.getOrDefault(name, Map.of()));
            if (sdkCallLogs != null) {
                functionEnvironment.put("PROFILE_SYNC_SDK_CALL_LOG", sdkCallLogs.resolve(name + ".txt").toString());
            }
            if (name.equals("splitter") || name.equals("split-chunk")) {
                // the collector and compiler Terraform deploys them with in JVM mode (terraform/main.tf); the heap is
                // the pipeline's own (functionHeap) unless given (heap)
                functionEnvironment.put("JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC -XX:TieredStopAtLevel=4");
            }
            running = new LambdaProcess(runnerJar, name, functionHeaps.getOrDefault(name, functionHeap), functionEnvironment,
                    outputs.computeIfAbsent(name, function -> new FunctionOutput(function, functionLogs, log)));
            functions.put(name, running);
        }
        return running;
    }

    /**
     * The peak resident set of a function's JVM so far (Linux's {@code VmHWM}), in MB; empty when it does not run or
     * this is not Linux.
     */
    public synchronized java.util.OptionalLong peakRssMegabytes(String function) {
        LambdaProcess running = functions.get(function);
        if (running == null || !running.isAlive()) {
            return java.util.OptionalLong.empty();
        }
        try {
            return Files.readAllLines(Path.of("/proc/" + running.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024).findFirst();
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** Kills a function's process (if it runs), as a crash or a Lambda timeout would; the next event starts a new one. */
    public void kill(String function) {
        LambdaProcess running;
        synchronized (this) {
            running = functions.get(function);
        }
        if (running != null) {
            running.kill();
        }
    }

    /**
     * Each destination goes to its simulator unless {@code QUARKUS_REST_CLIENT_<DESTINATION>_URL} says otherwise. A
     * simulated destination's credentials are put in its secret in the local Secrets Manager, as an operator puts them
     * in AWS; a configured destination's come from this process's environment, which the functions inherit.
     */
    private void useSimulatorsUnlessConfigured() {
        Map<String, String> simulatorConfig = simulator.config();
        for (String destination : DESTINATIONS) {
            String urlVariable = environmentName("quarkus.rest-client." + destination + ".url");
            if (System.getenv(urlVariable) != null) {
                continue;
            }
            simulated.add(destination);
            environment.put(urlVariable, simulatorConfig.get("quarkus.rest-client." + destination + ".url"));
            Map<String, String> credentials = new LinkedHashMap<>();
            String prefix = "profile-sync." + destination + ".";
            simulatorConfig.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    credentials.put(key.substring(prefix.length()), value);
                }
            });
            secret(destination, credentials);
        }
    }

    /**
     * Puts values in a secret of the local Secrets Manager, next to those it holds; the functions that read it get its
     * id (see {@link #secretsOf}).
     */
    private void secret(String name, Map<String, String> values) {
        Map<String, String> secret = secrets.computeIfAbsent(name, any -> new LinkedHashMap<>());
        secret.putAll(values);
        try {
            aws.secrets().put(secretId(name), JSON.writeValueAsString(secret));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Personalization by the User ETL feed ({@code profile-sync.evergage.delivery=etl-feed}) from the next function
     * started on: the SFTP site's keys ({@code sftp-host}, {@code sftp-port}, {@code sftp-user}, {@code sftp-password},
     * {@code sftp-host-key}) join the evergage secret, as an operator puts them in AWS
     * (docs/personalization-etl-feed.md, "Setup").
     */
    public void evergageEtlFeed(Map<String, String> siteCredentials) {
        environment.put(environmentName("profile-sync.evergage.delivery"), "etl-feed");
        secret("evergage", siteCredentials);
    }

    /**
     * The state key (docs/personal-data.md): {@code PROFILE_SYNC_STATE_HASH_KEY} from this process's environment, else
     * the one kept beside a kept state ({@code state-hash-key}, made on first use, readable by its owner only), else a
     * random one for this pipeline's fresh state.
     */
    private static String stateKey(Optional<Path> state) {
        Optional<String> existing = existingStateKey(state);
        if (existing.isPresent()) {
            return existing.get();
        }
        String random = UUID.randomUUID().toString() + UUID.randomUUID();
        if (state.isEmpty()) {
            return random;
        }
        Path kept = state.get().resolve(STATE_KEY_FILE);
        try {
            if (!Files.exists(kept)) {
                Files.createDirectories(state.get());
                Files.writeString(Files.createFile(kept, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), random);
            }
            return Files.readString(kept).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the state key in " + kept, e);
        }
    }

    /**
     * The state key a local run of {@code state} used, as {@link #stateKey} finds it, without making one: the
     * environment's {@link #STATE_KEY_VARIABLE}, else the one kept beside the state.
     */
    static Optional<String> existingStateKey(Optional<Path> state) {
        String configured = System.getenv(STATE_KEY_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        Optional<Path> kept = state.map(dir -> dir.resolve(STATE_KEY_FILE)).filter(Files::exists);
        try {
            return kept.isPresent() ? Optional.of(Files.readString(kept.get()).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state key in " + kept.get(), e);
        }
    }

    /** The secret's id, named as Terraform names it (the callbacks function's secret is the webhook's). */
    private static String secretId(String name) {
        return "arn:aws:secretsmanager:" + LocalAws.REGION + ":000000000000:secret:profile-sync-"
                + (name.equals("callbacks") ? "webhook" : name);
    }

    /**
     * The secrets a function may read, as Terraform gives them: the poster its destinations', the export Evergage's,
     * the callbacks function the webhook's, the splitter, split-chunk and replay the state key; the others none.
     */
    private Map<String, String> secretsOf(String function) {
        List<String> names = switch (function) {
            case "poster" -> List.of(DESTINATIONS);
            case "export" -> List.of("evergage");
            case "callbacks" -> List.of("callbacks");
            case "splitter", "split-chunk", "replay" -> List.of("state");
            default -> List.of();
        };
        Map<String, String> ids = new LinkedHashMap<>();
        names.stream().filter(secrets::containsKey)
                .forEach(name -> ids.put(environmentName("profile-sync." + name + ".secret-id"), secretId(name)));
        return ids;
    }

    /** The destinations served by the local simulators (the others by their configured URLs). */
    public List<String> simulatedDestinations() {
        return List.copyOf(simulated);
    }

    public DestinationSimulator simulator() {
        return simulator;
    }

    /**
     * Runs the poster on every destination queue, as Lambda's event source mappings do, until the queues are
     * drained; reports progress now and then.
     */
    public void deliver(Consumer<String> progress) {
        deliver(eventSources(), progress);
    }

    /** One event source per destination queue, feeding the poster; shape them (redelivery, duplicates) before {@link #deliver}. */
    public Map<String, SqsEventSource> eventSources() {
        Map<String, SqsEventSource> sources = new LinkedHashMap<>();
        queues.forEach((destination, url) -> sources.put(destination, new SqsEventSource(aws().sqs(), url, event -> function("poster").invoke(event))));
        return sources;
    }

    /**
     * Runs the split-chunk function on the chunk queue, as Lambda's event source mapping does (one message an event,
     * as Terraform maps it), until the queue is empty and the run's manifest exists: every message the splitter and
     * the function itself queued is handled, whatever their number (the chunks, and what finishes the run); answers
     * how long each invocation took, in order. Fails when the queue is empty and no manifest came within a
     * visibility timeout and a bit more.
     */
    public List<Duration> splitChunks(String runId, Consumer<String> progress) {
        List<Duration> invocations = new CopyOnWriteArrayList<>();
        SqsEventSource chunks = new SqsEventSource(aws().sqs(), chunkQueue, event -> {
            long start = System.nanoTime();
            try {
                return function("split-chunk").invoke(event);
            } finally {
                invocations.add(Duration.ofNanos(System.nanoTime() - start));
            }
        }).batchSize(1);
        // a chunk that failed on every delivery fails its run, as the split-failures function's event source on
        // split-chunks' dead-letter queue does in AWS
        SqsEventSource deadChunks = new SqsEventSource(aws().sqs(), aws().sqs().getQueueUrl(r -> r.queueName("split-chunks-dlq"))
                .queueUrl(), event -> function("split-failures").invoke(event)).batchSize(1);
        String manifest = "runs/" + runId + "/manifest.json";
        long deadline = 0;
        while (true) {
            deliver(Map.of("chunks", chunks, "dead chunks", deadChunks), progress);
            if (readJson(manifest).isPresent()) {
                return List.copyOf(invocations);
            }
            if (deadline == 0) {
                deadline = System.nanoTime() + Duration.ofSeconds(visibilitySeconds(chunkQueue) + 10L).toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the chunk queue is empty but run " + runId + " has no manifest after "
                        + invocations.size() + " split-chunk invocations (" + chunks.functionErrors() + " failed); "
                        + deadChunks() + " messages in split-chunks-dlq");
            }
            LockSupport.parkNanos(200_000_000);
        }
    }

    private int visibilitySeconds(String queueUrl) {
        return Integer.parseInt(aws().sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT));
    }

    private long deadChunks() {
        String url = aws().sqs().getQueueUrl(r -> r.queueName("split-chunks-dlq")).queueUrl();
        return Long.parseLong(aws().sqs().getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /**
     * How long the queues may hold messages while none is delivered before {@link #deliver} fails: longer than any
     * local visibility timeout, delay (SQS's longest is 15 min) or deferral the poster sets.
     */
    static final Duration STALL_LIMIT = Duration.ofMinutes(16);

    /**
     * Runs the poster from these event sources until their queues are drained; fails, naming the queues, when they
     * still hold messages but none was delivered for {@link #STALL_LIMIT}, so a stuck message never hangs a run.
     */
    public void deliver(Map<String, SqsEventSource> eventSources, Consumer<String> progress) {
        List<SqsEventSource> sources = List.copyOf(eventSources.values());
        long lastReport = System.nanoTime();
        long lastDelivery = System.nanoTime();
        while (true) {
            int handled = 0;
            for (SqsEventSource source : sources) {
                handled += source.pollOnce();
            }
            if (handled > 0) {
                lastDelivery = System.nanoTime();
            } else {
                long pending = sources.stream().mapToLong(SqsEventSource::pending).sum();
                if (pending == 0) {
                    return;
                }
                if (System.nanoTime() - lastDelivery > STALL_LIMIT.toNanos()) {
                    throw new IllegalStateException(eventSources.keySet() + " still hold " + pending + " messages, and none was delivered for "
                            + STALL_LIMIT.toMinutes() + " min: a message is stuck");
                }
                LockSupport.parkNanos(200_000_000);
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                progress.accept("messages still queued: " + sources.stream().mapToLong(SqsEventSource::pending).sum());
                lastReport = System.nanoTime();
            }
        }
    }

    /** The local AWS services once the buckets and queues exist: waits for them at most {@link #SETUP_LIMIT}. */
    private LocalAws aws() {
        ready.await(SETUP_LIMIT);
        return aws;
    }

    /** Asks the report function for the run's report (which it also writes to S3). */
    public void deleteObject(String key) {
        aws().s3().deleteObject(r -> r.bucket(bucketOf(key)).key(key));
    }

    /** Every event the functions published on the local EventBridge bus, in order. */
    public List<com.fasterxml.jackson.databind.node.ObjectNode> events() {
        return aws().events().entries();
    }

    public JsonNode report(String runId) {
        return parse(function("report").invoke("{\"bucket\":\"" + BUCKET + "\",\"run_id\":\"" + runId + "\"}"));
    }

    /** Releases a held run through the report function, as an operator invokes it in AWS (docs/sync.md, "Guards"). */
    public JsonNode release(String runId) {
        return parse(function("report").invoke("{\"bucket\":\"" + BUCKET + "\",\"release\":\"" + runId + "\"}"));
    }

    /**
     * Starts a function's JVM and answers how long it took from launch to its first answered invocation (an
     * error answer counts: the function answered).
     */
    public Duration coldStart(String export, String event) {
        long start = System.nanoTime();
        try {
            function(export).invoke(event);
        } catch (IllegalStateException functionError) {
            log.accept("[" + export + "] answered with an error: " + functionError.getMessage());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Runs the export function with an EventBridge Scheduler event; answers its result (or throws on failure). */
    public JsonNode export(String scheduleEvent) {
        return parse(function("export").invoke(scheduleEvent));
    }

    /** Invokes the callbacks function with an API Gateway HTTP API event; answers its HTTP response. */
    public JsonNode callback(String httpApiEvent) {
        return parse(function("callbacks").invoke(httpApiEvent));
    }

    /** Redrives a destination's dead-letter queue to its queue ({@link LocalAws#redriveDeadLetters}). */
    public long redriveDeadLetters(String destination) {
        return aws().redriveDeadLetters(destination + "-batches");
    }

    /** Messages in a destination's dead-letter queue. */
    public long deadLetters(String destination) {
        return aws().deadLetters(destination + "-batches");
    }

    /** Stores a batch body and queues its message, as the splitter does. */
    public void enqueue(BatchMessage batch, byte[] body) {
        aws().s3().putObject(r -> r.bucket(batch.bucket()).key(batch.key()), RequestBody.fromBytes(body));
        try {
            String message = JSON.writeValueAsString(batch);
            aws().sqs().sendMessage(r -> r.queueUrl(queues.get(batch.destination())).messageBody(message));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The bodies of every message in a destination's dead-letter queue (each received once and left there). */
    public List<String> deadLetterBodies(String destination) {
        String url = aws().sqs().getQueueUrl(r -> r.queueName(destination + "-batches-dlq")).queueUrl();
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = aws().sqs().receiveMessage(r -> r.queueUrl(url)
                    .maxNumberOfMessages(10).visibilityTimeout(600)).messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            messages.forEach(message -> bodies.add(message.body()));
        }
    }

    /** Drops a file (and optionally its mapping) into the bucket and invokes the splitter with the S3 event. */
    public JsonNode split(Path file, Optional<Path> mapping) {
        return split(file, mapping, Map.of());
    }

    /** @param tags the dropped object's S3 tags, e.g. {@code profile-sync-dry-run=true} */
    public JsonNode split(Path file, Optional<Path> mapping, Map<String, String> tags) {
        mapping.ifPresent(path -> upload(path, "mappings/default" + extension(path)));
        String key = "incoming/" + file.getFileName();
        String tagging = String.join("&", tags.entrySet().stream().map(tag -> tag.getKey() + "=" + tag.getValue()).toList());
        upload(file, key, tagging.isEmpty() ? null : tagging);
        return splitUploaded(key);
    }

    /** Invokes the splitter with the S3 event for an object already in the bucket; answers its outcome. */
    public JsonNode splitUploaded(String key) {
        return splitUploaded(List.of(key)).get(0);
    }

    /** Invokes the splitter with one S3 event naming every object; answers its outcomes, one per object. */
    public JsonNode splitUploaded(List<String> keys) {
        String event = keys.size() == 1 ? S3Events.created(DROP_BUCKET, keys.get(0),
                aws().s3().headObject(r -> r.bucket(DROP_BUCKET).key(keys.get(0))).contentLength())
                : S3Events.created(DROP_BUCKET, keys.toArray(String[]::new));
        if (keys.stream().anyMatch(multipartKeys::contains)) {
            JsonNode created = parse(event);
            for (int i = 0; i < keys.size(); i++) {
                if (multipartKeys.contains(keys.get(i))) {
                    ((ObjectNode) created.get("Records").get(i)).put("eventName", "ObjectCreated:CompleteMultipartUpload");
                }
            }
            event = created.toString();
        }
        return invokeSplitter(event);
    }

    /**
     * Invokes the splitter as S3 does, asynchronously: a failed attempt (a function error, or its process dying: out
     * of memory, killed) is retried {@link #ASYNC_RETRIES} times (without Lambda's minutes between them); when every
     * attempt failed, the invocation record goes to the splitter's on-failure destination, the split-failures queue,
     * whose function fails the run. Answers the splitter's outcomes, or then each failed run's.
     */
    private JsonNode invokeSplitter(String event) {
        LambdaProcess.FunctionError last = null;
        for (int attempt = 1; attempt <= 1 + ASYNC_RETRIES; attempt++) {
            try {
                return parse(function("splitter").invoke(event)).get("outcomes");
            } catch (LambdaProcess.FunctionError failed) {
                log.accept("[splitter] attempt " + attempt + " of " + (1 + ASYNC_RETRIES) + ": " + failed.getMessage());
                last = failed;
            }
        }
        LambdaProcess.FunctionError lastError = last;
        String record = FailedInvocations.retriesExhausted("splitter", event, 1 + ASYNC_RETRIES, lastError.errorType(),
                lastError.errorMessage());
        aws().sqs().sendMessage(r -> r.queueUrl(splitFailures).messageBody(record));
        deliver(Map.of("split failures", new SqsEventSource(aws().sqs(), splitFailures,
                failures -> function("split-failures").invoke(failures)).batchSize(1)), line -> { });
        com.fasterxml.jackson.databind.node.ArrayNode outcomes = JSON.createArrayNode();
        for (JsonNode created : parse(event).path("Records")) {
            String source = "s3://" + created.at("/s3/bucket/name").asText() + "/"
                    + java.net.URLDecoder.decode(created.at("/s3/object/key").asText(), java.nio.charset.StandardCharsets.UTF_8);
            JsonNode failed = aws().events().details("Run Failed").stream()
                    .filter(detail -> source.equals(detail.path("source").asText())).reduce((first, second) -> second)
                    .orElseThrow(() -> new IllegalStateException("the splitter failed on every attempt (" + lastError.getMessage()
                            + ") and no run of " + source + " failed"));
            outcomes.addObject().put("source", source).put("status", "failed").put("run_id", failed.path("run_id").asText())
                    .put("message", failed.at("/errors/0/message").asText());
        }
        return outcomes;
    }

    /** Puts an object in the bucket its key belongs to: inputs and mappings in the drop bucket, the rest in the work bucket. */
    public void put(String key, byte[] content) {
        aws().s3().putObject(r -> r.bucket(bucketOf(key)).key(key), RequestBody.fromBytes(content));
    }

    private static String bucketOf(String key) {
        return key.startsWith("incoming/") || key.startsWith("mappings/") ? DROP_BUCKET : BUCKET;
    }

    public Optional<JsonNode> readJson(String key) {
        try {
            return Optional.of(parse(aws().s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** The first lines of a text object (empty when it does not exist). */
    public List<String> readLines(String key, int max) {
        try {
            return aws().s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String().lines().limit(max).toList();
        } catch (NoSuchKeyException e) {
            return List.of();
        }
    }

    /** The keys of every object under a prefix. */
    public List<String> keys(String prefix) {
        return aws().s3().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    /** Copies every object under a prefix to {@code dir/<bucket>/<key>}; answers how many. */
    public int copyOut(String prefix, Path dir) {
        int copied = 0;
        for (S3Object object : aws().s3().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents()) {
            Path target = dir.resolve(BUCKET).resolve(object.key());
            try {
                Files.createDirectories(target.getParent());
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            aws().s3().getObject(r -> r.bucket(BUCKET).key(object.key()), target);
            copied++;
        }
        return copied;
    }

    /** Uploads a file as an object: in one PutObject, or from {@link #PART_BYTES} on in a multipart upload. */
    public void upload(Path file, String key) {
        upload(file, key, null);
    }

    private void upload(Path file, String key, String tagging) {
        String bucket = bucketOf(key);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size < PART_BYTES) {
            aws().s3().putObject(r -> r.bucket(bucket).key(key).tagging(tagging), RequestBody.fromFile(file));
            multipartKeys.remove(key);
            return;
        }
        String uploadId = aws().s3().createMultipartUpload(r -> r.bucket(bucket).key(key).tagging(tagging)).uploadId();
        try (FileChannel channel = FileChannel.open(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += PART_BYTES) {
                ByteBuffer part = ByteBuffer.allocate((int) Math.min(PART_BYTES, size - offset));
                while (part.hasRemaining() && channel.read(part, offset + part.position()) >= 0) {
                    // reads until the part is full
                }
                int number = parts.size() + 1;
                String etag = aws().s3().uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromByteBuffer(part.flip())).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            aws().s3().completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            multipartKeys.add(key);
        } catch (IOException | RuntimeException e) {
            aws().s3().abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        return name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".yaml";
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        functions.values().forEach(LambdaProcess::terminate); // they shut down side by side
        functions.values().forEach(LambdaProcess::close);
        outputs.values().forEach(FunctionOutput::close);
        simulator.close();
        aws.close();
    }
}
