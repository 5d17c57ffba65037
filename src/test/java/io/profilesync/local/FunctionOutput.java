package io.profilesync.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One function's output in the local run. Every line goes to {@code <logs>/<function>.log} as the function wrote
 * it, when a logs directory is given; the console gets a readable view: never the metric lines (CloudWatch
 * embedded-metric-format JSON), never the JVM's and Quarkus' start-up lines (nothing a person running a file needs:
 * {@link #isStartupNoise}), and, when the raw output is kept in a file, only warnings and errors (with the lines that
 * continue them, e.g. a stack trace).
 */
final class FunctionOutput implements Consumer<String>, AutoCloseable {

    /**
     * Lines every function start prints: the JVM's note of {@code JAVA_TOOL_OPTIONS} (the collector Terraform sets),
     * Quarkus' banner (started in, profile, installed features) and its warning that the global REST client connect
     * timeout is deprecated (by mistake: application.properties).
     */
    private static final Pattern STARTUP_NOISE = Pattern.compile("^(Picked up JAVA_TOOL_OPTIONS:.*"
            + "|\\S+ +INFO +\\[io\\.quarkus\\] .*(started in|Profile \\w+ activated|Installed features).*"
            + "|\\S+ +WARN .*connect-timeout.*deprecated.*)$");

    /** The text format's start of a record ({@code application.properties}): time, then level. */
    private static final Pattern RECORD = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} +([A-Z]+)\\b");

    private final String function;
    private final Consumer<String> console;
    private final BufferedWriter file;
    private boolean showing = true;

    /**
     * @param logs where {@code <function>.log} goes, or null to show every log line on the console
     */
    FunctionOutput(String function, Path logs, Consumer<String> console) {
        this.function = function;
        this.console = console;
        try {
            if (logs == null) {
                file = null;
            } else {
                Files.createDirectories(logs);
                file = Files.newBufferedWriter(logs.resolve(function + ".log"), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void accept(String line) {
        if (file != null) {
            try {
                file.write(line);
                file.newLine();
                file.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (isMetric(line) || isStartupNoise(line)) {
            return;
        }
        Matcher record = RECORD.matcher(line);
        if (record.find()) {
            showing = file == null || !record.group(1).equals("INFO") && !record.group(1).equals("DEBUG")
                    && !record.group(1).equals("TRACE");
        }
        if (showing) {
            console.accept("[" + function + "] " + line);
        }
    }

    static boolean isStartupNoise(String line) {
        return STARTUP_NOISE.matcher(line).matches();
    }

    static boolean isMetric(String line) {
        return line.startsWith("{\"_aws\":");
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
