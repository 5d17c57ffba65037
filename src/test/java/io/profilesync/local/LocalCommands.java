package io.profilesync.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import sun.misc.Signal;

import io.profilesync.testing.Fixtures;

/** The {@code export} and {@code serve} commands of {@code infra/local/run}. */
final class LocalCommands {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The simulated Evergage population an export reads when no real URL is configured. */
    private static final int SIMULATED_USERS = 2_500;

    private LocalCommands() {
    }

    /** {@code export [--format json|csv] [--report R.json] [--out DIR]}: one export now. */
    static int export(LocalRun.Options options, PrintStream out) throws IOException {
        try (LocalPipeline pipeline = new LocalPipeline(options.runnerJar(), options.functionHeap(),
                line -> out.println("  " + line))) {
            if (pipeline.simulatedVendors().contains("evergage")) {
                pipeline.simulator().exportUsers(SIMULATED_USERS, 10, 300);
                out.printf("exporting from the Evergage simulator (%,d users, pages overlapping by 10)%n", SIMULATED_USERS);
            }
            ObjectNode event = (ObjectNode) JSON.readTree(Fixtures.event("eventbridge-scheduler.json"));
            event.put("time", java.time.Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
            event.put("detail", "{\"format\":\"" + options.format() + "\",\"pageSize\":500}");
            JsonNode result;
            try {
                result = pipeline.export(event.toString());
            } catch (IllegalStateException e) {
                out.println("export FAILED: " + e.getMessage());
                return 1;
            }
            out.printf("%nexport %s: %s%n", result.path("status").asText().toUpperCase(), result.path("key").asText());
            out.printf("  pages %d, records read %,d, duplicates removed %,d, users written %,d%n", result.path("pages").asInt(),
                    result.path("records_read").asLong(), result.path("duplicates_removed").asLong(),
                    result.path("records_written").asLong());
            out.printf("  manifest: %s%n", result.path("manifest").asText());
            writeReportAndOutputs(options, pipeline, result, "exports/", out);
            return 0;
        }
    }

    /**
     * {@code serve [--out DIR]}: keeps the local stack up with the callbacks function behind a local API
     * gateway, prints the webhook URL, and on SIGTERM (or Ctrl-C) stops cleanly, leaving {@code --out DIR}.
     */
    static int serve(LocalRun.Options options, PrintStream out) throws IOException, InterruptedException {
        LocalPipeline pipeline = new LocalPipeline(options.runnerJar(), options.functionHeap(), line -> out.println("  " + line));
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        gateway.createContext("/", exchange -> forward(pipeline, exchange));
        gateway.start();
        CountDownLatch stop = new CountDownLatch(1);
        // handled here rather than in a shutdown hook, which would race the local servers' own hooks
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        out.println("webhook: http://127.0.0.1:" + gateway.getAddress().getPort() + "/callbacks/insider/"
                + LocalPipeline.CALLBACK_SECRET);
        out.println("serving until SIGTERM (Ctrl-C)");
        out.flush();
        stop.await();
        gateway.stop(0);
        options.out().ifPresent(dir -> out.printf("outputs: %d objects under %s%n", pipeline.copyOut("", dir),
                dir.resolve(LocalPipeline.BUCKET)));
        pipeline.close();
        out.println("stopped");
        return 0;
    }

    /** What API Gateway does: the HTTP request as a payload 2.0 event, the function's answer as the HTTP response. */
    private static void forward(LocalPipeline pipeline, HttpExchange exchange) throws IOException {
        try {
            respond(pipeline, exchange);
        } catch (RuntimeException e) {
            exchange.sendResponseHeaders(502, -1);
            exchange.close();
            throw e;
        }
    }

    private static void respond(LocalPipeline pipeline, HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        ObjectNode event = (ObjectNode) JSON.readTree(Fixtures.event("apigw-http-v2.json"));
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        event.put("rawPath", path);
        event.put("rawQueryString", query == null ? "" : query);
        ObjectNode parameters = event.putObject("queryStringParameters");
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        event.remove("pathParameters");
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("requestId", java.util.UUID.randomUUID().toString());
        context.put("timeEpoch", System.currentTimeMillis());
        ((ObjectNode) context.get("http")).put("method", exchange.getRequestMethod()).put("path", path)
                .put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        JsonNode response = pipeline.callback(event.toString());
        byte[] answer = response.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        response.path("headers").fields().forEachRemaining(h -> exchange.getResponseHeaders().set(h.getKey(), h.getValue().asText()));
        exchange.sendResponseHeaders(response.path("statusCode").asInt(500), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    static void writeReportAndOutputs(LocalRun.Options options, LocalPipeline pipeline, JsonNode report, String prefix,
            PrintStream out) throws IOException {
        if (options.report().isPresent()) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(options.report().get().toFile(), report);
            out.println("report: " + options.report().get());
        }
        Optional<Path> dir = options.out();
        if (dir.isPresent()) {
            int copied = pipeline.copyOut(prefix, dir.get());
            out.printf("outputs: %d objects under %s%n", copied, dir.get().resolve(LocalPipeline.BUCKET));
        }
    }
}
