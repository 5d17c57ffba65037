package io.profilesync.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.profilesync.local.LocalPipeline;
import io.profilesync.testing.Fixtures;
import io.profilesync.testing.S3Events;

/**
 * Function start: from launching each function's JVM (as AWS's Java runtime hosts it) to its first answered
 * invocation, one real-shaped event each. JVM mode only: native images cannot be built on these machines.
 * Not a test: run it with {@code infra/bench/startup}.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> firstEvents = new LinkedHashMap<>();
        firstEvents.put("splitter", S3Events.created(LocalPipeline.DROP_BUCKET, "elsewhere/not-an-input.csv"));
        firstEvents.put("poster", Fixtures.event("sqs-message.json").replaceAll("(?s)\"Records\": \\[.*]", "\"Records\": []"));
        firstEvents.put("report", "{\"bucket\":\"" + LocalPipeline.BUCKET + "\",\"run_id\":\"none\"}");
        firstEvents.put("callbacks", Fixtures.event("apigw-http-v2.json"));
        firstEvents.put("replay", "{\"prefix\":\"callbacks/date=2000-01-01/\"}");
        firstEvents.put("callbacks-report", "{\"prefix\":\"callbacks/date=2000-01-01/\"}");
        firstEvents.put("export", Fixtures.event("eventbridge-scheduler.json"));
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), "512m",
                line -> { })) {
            System.out.println("function start, JVM mode (launch to first answered invocation):");
            firstEvents.forEach((function, event) -> {
                Duration start = pipeline.coldStart(function, event);
                System.out.printf("  %-18s %,6d ms%n", function, start.toMillis());
            });
        }
        System.exit(0);
    }
}
