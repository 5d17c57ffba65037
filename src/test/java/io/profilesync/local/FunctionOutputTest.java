package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionOutputTest {

    private static final List<String> OUTPUT = List.of(
            "12:00:00.001 INFO  [i.p.s.SplitterService] split s3://drop/incoming/a.csv as run r1: succeeded",
            "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]},\"Function\":\"splitter\",\"Destination\":\"insider\",\"Rows\":5}",
            "12:00:00.002 ERROR [i.p.s.SplitterService] splitting s3://drop/incoming/b.csv failed: boom",
            "\tat io.profilesync.Something.method(Something.java:1)",
            "12:00:00.003 WARN  [i.p.p.PosterService] insider/users-000001 of run r1: 503 (delivery 1 of 5)",
            "12:00:00.004 INFO  [i.p.p.DeliveryLedger] insider/users-000001 of run r1: 2 delivered",
            "continued info");

    @Test
    void withALogsDirectoryEveryLineGoesToTheFileAndOnlyWarningsAndErrorsToTheConsole(@TempDir Path dir) throws Exception {
        List<String> console = new ArrayList<>();
        try (FunctionOutput output = new FunctionOutput("splitter", dir.resolve("logs"), console::add)) {
            OUTPUT.forEach(output);
        }

        assertEquals(OUTPUT, Files.readAllLines(dir.resolve("logs/splitter.log")), "the raw output, metric lines included");
        assertEquals(List.of("[splitter] " + OUTPUT.get(2), "[splitter] " + OUTPUT.get(3), "[splitter] " + OUTPUT.get(4)), console);
    }

    @Test
    void withoutOneTheConsoleGetsEveryLogLineButNoMetricLine() {
        List<String> console = new ArrayList<>();
        try (FunctionOutput output = new FunctionOutput("poster", null, console::add)) {
            OUTPUT.forEach(output);
        }

        assertEquals(OUTPUT.size() - 1, console.size(), console.toString());
        assertEquals(0, console.stream().filter(line -> line.contains("_aws")).count());
    }

    @Test
    void theConsoleNeverShowsTheStartUpLines() {
        List<String> startup = List.of("Picked up JAVA_TOOL_OPTIONS: -XX:+UseParallelGC -XX:TieredStopAtLevel=4",
                "19:02:50.207 INFO  [io.quarkus] profile-sync 0.1.0-SNAPSHOT on JVM (powered by Quarkus 3.34.1) started in 1.335s. ",
                "19:02:50.254 INFO  [io.quarkus] Profile prod activated. ",
                "19:02:50.254 INFO  [io.quarkus] Installed features: [amazon-sdk-s3, cdi, funqy-amazon-lambda]",
                "19:02:50.100 WARN  [io.qu.re.cl.co.ru.RestClientsConfig] quarkus.rest-client.connect-timeout is deprecated");
        List<String> console = new ArrayList<>();
        try (FunctionOutput output = new FunctionOutput("splitter", null, console::add)) {
            startup.forEach(output);
            output.accept(OUTPUT.get(0));
        }

        assertEquals(List.of("[splitter] " + OUTPUT.get(0)), console);
    }
}
