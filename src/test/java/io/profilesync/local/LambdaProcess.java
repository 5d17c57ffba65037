package io.profilesync.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * One function of the packaged application, run as AWS runs a JVM Lambda: a separate JVM hosting the
 * handler with AWS's runtime interface client, polling a Lambda Runtime API (Quarkus' mock event server, here
 * in this process). {@link #invoke} posts an event and waits for the function's answer.
 */
public final class LambdaProcess implements AutoCloseable {

    public static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    private static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String NATIVE_CLIENT_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    /**
     * The JVM options AWS's Java runtime starts a function with unless its {@code JAVA_TOOL_OPTIONS} say otherwise:
     * tiered compilation stopped at level 1 (C1 only) on the Java 17 and 21 runtimes, and the serial collector (AWS
     * Lambda Developer Guide, "Customize Java runtime startup behavior for Lambda functions",
     * https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html).
     */
    static final List<String> RUNTIME_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static Path nativeClient;
    /** The AWS behaviour jar by the folder it was written to: written, and its sources read, once per harness. */
    private static final Map<Path, String> awsBehaviourJars = new java.util.concurrent.ConcurrentHashMap<>();

    private final String function;
    private final MockEventServer runtimeApi = new MockEventServer();
    private final Process process;
    private final FunctionClassArchive classArchive;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param runnerJar the application's uber-jar ({@code target/*-runner.jar})
     * @param function the Funqy export to run
     * @param heap the function JVM's {@code -Xmx}, e.g. {@code 512m}
     * @param environment the function's environment (endpoints, queues, settings)
     * @param log where the function's log lines go
     */
    public LambdaProcess(Path runnerJar, String function, String heap, Map<String, String> environment,
            Consumer<String> log) {
        this.function = function;
        runtimeApi.start(LocalPorts.free());
        ProcessBuilder builder = new ProcessBuilder().redirectErrorStream(true);
        builder.environment().putAll(environment);
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx" + heap));
        jvmOptions.addAll(runtimeJvmOptions(builder.environment()));
        Path jvmFiles = runnerJar.toAbsolutePath().getParent().resolve("function-jvm");
        String classpath = runnerJar + File.pathSeparator + runtimeClientClasspath() + File.pathSeparator
                + awsBehaviourClasspath(jvmFiles);
        classArchive = FunctionClassArchive.of(jvmFiles, classpath);
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOptions);
        command.addAll(classArchive.jvmOptions());
        command.addAll(List.of("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient(), "-cp", classpath, RUNTIME_CLIENT, HANDLER));
        builder.command(command);
        builder.environment().put("QUARKUS_FUNQY_EXPORT", function);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH);
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "profile-sync-" + function);
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        builder.environment().put("_HANDLER", HANDLER);
        builder.environment().put("LAMBDA_TASK_ROOT", runnerJar.getParent().toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + function + " function", e);
        }
        Thread pump = new Thread(() -> forward(log), function + "-log");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * {@link #RUNTIME_JVM_OPTIONS}, or none when the function's environment (or this process's, which it inherits) sets
     * {@code JAVA_TOOL_OPTIONS}: those replace the runtime's defaults, as Terraform's do for the splitter and split-chunk.
     */
    static List<String> runtimeJvmOptions(Map<String, String> environment) {
        return environment.containsKey("JAVA_TOOL_OPTIONS") ? List.of() : RUNTIME_JVM_OPTIONS;
    }

    /**
     * Posts one event and answers the function's response body; a function error is an exception, and so is
     * the function's process dying before it answered (Lambda's "Runtime exited").
     */
    public String invoke(String event) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtimeApi.getPort()
                + MockEventServer.POST_EVENT))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = null;
            while (response == null) {
                if (!process.isAlive()) {
                    answer.cancel(true);
                    throw new FunctionError(function, "Runtime.ExitError", "Runtime exited with error: exit status "
                            + process.exitValue(), "exited with " + process.exitValue() + " before it answered");
                }
                try {
                    response = answer.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    // the function is still working on the event
                }
            }
            if (response.statusCode() != 200) {
                JsonNode error = errorPayload(response.body());
                throw new FunctionError(function, error.path("errorType").asText(""), error.path("errorMessage").asText(""),
                        "failed: " + response.body());
            }
            return response.body();
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException("cannot reach the " + function + " function's runtime API", e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking " + function, e);
        }
    }

    private static JsonNode errorPayload(String body) {
        try {
            JsonNode error = new ObjectMapper().readTree(body == null || body.isBlank() ? "{}" : body);
            return error.isObject() ? error : new ObjectMapper().createObjectNode().put("errorMessage", body);
        } catch (IOException e) {
            return new ObjectMapper().createObjectNode().put("errorMessage", body);
        }
    }

    /**
     * A function error, or the function's process dying before it answered: what Lambda records of a failed
     * invocation ({@code errorType} and {@code errorMessage}, as in an asynchronous invocation's on-failure record).
     */
    public static final class FunctionError extends IllegalStateException {

        private final String errorType;
        private final String errorMessage;

        FunctionError(String function, String errorType, String errorMessage, String what) {
            super("the " + function + " function " + what);
            this.errorType = errorType;
            this.errorMessage = errorMessage;
        }

        public String errorType() {
            return errorType;
        }

        public String errorMessage() {
            return errorMessage;
        }
    }

    /** The function JVM's process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the function's process at once, as a crash or a Lambda timeout would (SIGKILL). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        classArchive.processEnded(false);
    }

    private void forward(Consumer<String> log) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.accept(line);
            }
        } catch (IOException e) {
            log.accept("[" + function + " log closed: " + e.getMessage() + "]");
        }
    }

    /**
     * The runtime client's native library, unpacked once per harness into a private file. Left to itself the
     * client unpacks it to one fixed path in /tmp, and several functions starting at once crash on it.
     */
    private static synchronized Path nativeClient() {
        if (nativeClient == null) {
            String arch = System.getProperty("os.arch").contains("aarch64") ? "aarch_64" : "x86_64";
            String resource = "/jni/libaws-lambda-jni.linux-" + arch + ".so";
            try (InputStream in = Class.forName(RUNTIME_CLIENT).getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the runtime interface client has no " + resource);
                }
                Path file = Files.createTempFile("aws-lambda-jni", ".so");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                file.toFile().deleteOnExit();
                nativeClient = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the Lambda runtime interface client is not on the classpath", e);
            }
        }
        return nativeClient;
    }

    private static String runtimeClientClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client")
                        || entry.contains("aws-lambda-java-serialization"))
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow(() -> new IllegalStateException("the Lambda runtime interface client is not on the classpath"));
    }

    /**
     * The test-only AWS SDK global interceptors ({@code src/test/sdk-recorder}): S3 conditional writes as AWS
     * enforces them, the SDK call recorder, S3 faults. After the runner jar, so the application's classes win.
     */
    private static String awsBehaviourClasspath(Path directory) {
        return awsBehaviourJars.computeIfAbsent(directory, folder -> {
            try {
                Path testClasses = Path.of(io.profilesync.testing.ConditionalWrites.class.getProtectionDomain().getCodeSource()
                        .getLocation().toURI());
                return AwsBehaviourJar.of(folder, testClasses, Path.of("src/test/sdk-recorder").toAbsolutePath()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Asks the function's process to end (SIGTERM) without waiting for it: {@link #close} waits. */
    public void terminate() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            // a process recording its class archive writes it as it exits
            boolean exited = process.waitFor(Duration.ofSeconds(classArchive.records() ? 60 : 10).toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly();
                process.waitFor();
            }
            // ended by the SIGTERM above (the runtime client then exits with 1) or by itself: not crashed (134) or killed (137)
            classArchive.processEnded(exited && (process.exitValue() < 128 || process.exitValue() == 143));
            runtimeApi.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
