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
 * embedded-metric-format JSON), and, when the raw output is kept in a file, only warnings and errors (with the
 * lines that continue them, e.g. a stack trace).
 */
final class FunctionOutput implements Consumer<String>, AutoCloseable {

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
        if (isMetric(line)) {
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
