package io.profilesync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import com.robothy.s3.rest.LocalS3;

import io.profilesync.local.LocalPorts;
import io.profilesync.local.StreamingLocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Real S3 and SQS protocol servers in this JVM, on loopback: LocalS3 (in memory, or persisting to a folder) and
 * ElasticMQ, plus a {@link LocalSecretsManager}. The code under test reaches them through the ordinary AWS SDK
 * clients with an endpoint override. Their addresses are chosen before the servers start, so the local pipeline can
 * start function JVMs while they come up ({@link #startStreamingGets}).
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";

    /** ElasticMQ's account id in the queue URLs it gives. */
    private static final String ACCOUNT = "000000000000";
    /** How long {@link #s3()} and {@link #sqs()} wait for servers started in the background. */
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    /** Where LocalS3 persists its objects; empty: in memory. */
    private final Optional<Path> s3Data;
    private final String s3Endpoint;
    private final String sqsEndpoint;
    private final BackgroundTask<Servers> servers;
    private final LocalSecretsManager secrets = new LocalSecretsManager();
    private final LocalEventBridge events = new LocalEventBridge();

    /** The servers and the clients that reach them. */
    private record Servers(AutoCloseable s3Server, SQSRestServer sqsServer, S3Client s3, SqsClient sqs) {
    }

    private LocalAws(Path keptData, boolean streamingGets, boolean inBackground) {
        try {
            if (keptData != null) {
                s3Data = Optional.of(Files.createDirectories(keptData));
            } else {
                s3Data = streamingGets ? Optional.of(Files.createTempDirectory("local-s3")) : Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int s3Port = LocalPorts.free();
        int sqsPort = LocalPorts.free();
        s3Endpoint = "http://127.0.0.1:" + s3Port;
        sqsEndpoint = "http://127.0.0.1:" + sqsPort;
        Supplier<Servers> start = () -> startServers(s3Port, sqsPort, streamingGets);
        String what = "the local S3 and SQS servers' start";
        servers = inBackground ? BackgroundTask.start(what, start) : BackgroundTask.done(what, start.get());
    }

    private Servers startServers(int s3Port, int sqsPort, boolean streamingGets) {
        AutoCloseable s3Server;
        if (streamingGets) {
            s3Server = StreamingLocalS3.start(s3Port, s3Data.orElseThrow());
        } else {
            // in memory unless kept: persisting, LocalS3 rewrites a bucket's whole metadata file on every write, which
            // cost the Quarkus tests' JVMs about half their CPU as the buckets filled up
            LocalS3 localS3 = s3Data.map(dir -> LocalS3.builder().port(s3Port).mode(LocalS3Mode.PERSISTENCE).dataPath(dir.toString()))
                    .orElseGet(() -> LocalS3.builder().port(s3Port).mode(LocalS3Mode.IN_MEMORY)).build();
            localS3.start();
            s3Server = localS3::shutdown;
        }
        SQSRestServer sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, ""))
                .withAWSRegion(REGION)
                .start();
        sqsServer.waitUntilStarted();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(s3Endpoint)).forcePathStyle(true)
                .region(Region.of(REGION)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build()).build();
        SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint))
                .region(Region.of(REGION)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
        return new Servers(s3Server, sqsServer, s3, sqs);
    }

    public static LocalAws start() {
        return new LocalAws(null, false, false);
    }

    /** With S3's objects kept in {@code dir} from one start to the next (the local run's {@code --state}). */
    public static LocalAws start(Path dir) {
        return new LocalAws(dir, false, false);
    }

    /**
     * With GetObject answered from the stored file rather than from a copy of it in memory, as the local pipeline
     * needs for files of a gigabyte or more ({@link StreamingLocalS3}); S3's objects in {@code dir} if given, else in a
     * temporary folder. Answers as soon as the addresses are chosen ({@link #quarkusConfig}, {@link #queueUrl}); the
     * S3 and SQS servers start on a thread of their own, and {@link #s3()} and {@link #sqs()} wait for them.
     */
    public static LocalAws startStreamingGets(java.util.Optional<Path> dir) {
        return new LocalAws(dir.orElse(null), true, true);
    }

    public S3Client s3() {
        return servers().s3();
    }

    public SqsClient sqs() {
        return servers().sqs();
    }

    /** The servers, once started: waits for them at most {@link #START_LIMIT}. */
    private Servers servers() {
        return servers.await(START_LIMIT);
    }

    /**
     * The URL ElasticMQ gives the queue of this name, known before the server is up:
     * {@code <endpoint>/<account>/<name>}; {@link #createQueueWithDeadLetters} checks it against the server's answer.
     */
    public String queueUrl(String name) {
        return sqsEndpoint + "/" + ACCOUNT + "/" + name;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public String sqsEndpoint() {
        return sqsEndpoint;
    }

    public LocalSecretsManager secrets() {
        return secrets;
    }

    /** The bus the functions publish their run events to. */
    public LocalEventBridge events() {
        return events;
    }

    /** Creates the bucket, unless it is kept from an earlier start. */
    public void createBucket(String bucket) {
        S3Client s3 = s3();
        if (s3.listBuckets().buckets().stream().noneMatch(existing -> existing.name().equals(bucket))) {
            s3.createBucket(request -> request.bucket(bucket));
        }
    }

    /** Creates a queue with its dead-letter queue and redrive policy, as Terraform does in AWS; answers its URL. */
    public String createQueueWithDeadLetters(String name, int maxReceives, int visibilitySeconds) {
        SqsClient sqs = sqs();
        String dlqUrl = sqs.createQueue(request -> request.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(request -> request.queueUrl(dlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilitySeconds));
        attributes.put(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceives + "\"}");
        String url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
        if (!url.equals(queueUrl(name))) {
            throw new IllegalStateException("ElasticMQ gave queue " + name + " the URL " + url + ", not " + queueUrl(name));
        }
        return url;
    }

    /**
     * Redrives the dead-letter queue of a queue made by {@link #createQueueWithDeadLetters} as an operator does (SQS's
     * {@code StartMessageMoveTask}, the console's "Start DLQ redrive") and waits for the move to complete; answers how
     * many messages it moved.
     */
    public long redriveDeadLetters(String queueName) {
        SqsClient sqs = sqs();
        String dlqUrl = sqs.getQueueUrl(r -> r.queueName(queueName + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        long waiting = deadLetters(queueName);
        if (waiting == 0) {
            return 0;
        }
        sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn));
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn)).results().stream()
                .allMatch(task -> "COMPLETED".equals(task.status()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the redrive of " + queueName + "'s dead-letter queue did not complete in a minute");
            }
            LockSupport.parkNanos(100_000_000);
        }
        return waiting;
    }

    /** Messages in the dead-letter queue of a queue made by {@link #createQueueWithDeadLetters}. */
    public long deadLetters(String queueName) {
        SqsClient sqs = sqs();
        String url = sqs.getQueueUrl(r -> r.queueName(queueName + "-dlq")).queueUrl();
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** Client configuration for a Quarkus application talking to these servers. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        for (String service : new String[] {"s3", "sqs"}) {
            config.put("quarkus." + service + ".endpoint-override", service.equals("s3") ? s3Endpoint : sqsEndpoint);
            config.put("quarkus." + service + ".aws.region", REGION);
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", ACCESS_KEY);
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key", SECRET_KEY);
        }
        config.put("quarkus.s3.path-style-access", "true");
        config.put("profile-sync.credentials.endpoint-override", secrets.endpoint());
        config.put("profile-sync.events.endpoint-override", events.endpoint());
        return config;
    }

    @Override
    public void close() {
        secrets.close();
        events.close();
        Servers started = servers();
        started.s3().close();
        started.sqs().close();
        started.sqsServer().stopAndWait();
        try {
            started.s3Server().close();
        } catch (Exception e) {
            throw new IllegalStateException("the local S3 server did not stop", e);
        }
    }
}
