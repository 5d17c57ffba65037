package io.profilesync.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.batching.LineRanges;
import io.profilesync.local.LocalPipeline;
import io.profilesync.local.SqsEventSource;
import io.profilesync.queue.BatchMessage;
import io.profilesync.simulator.Fault;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For any sequence of destination answers (success, 429, 5xx, 400, dropped connections, lost answers, Insider's
 * per-user {@code fail} block), the packaged poster's outcome counts add up: each batch ends with one final
 * outcome, or, refused as a whole, is split and each of its halves does (recursively), delivered + failed = its users, the failed users are exactly those the destination refused (or all of
 * them when the batch could not be delivered), the delivered ones are at the destination, and every message that
 * ran out of deliveries is in the dead-letter queue and recorded as given up.
 */
class PosterOutcomePropertiesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = LocalPipeline.BUCKET;
    private static LocalPipeline pipeline;

    /** What the destination does with one request. */
    enum Answer {
        TOO_MANY_REQUESTS(Fault.tooManyRequests(0)), SERVER_ERROR(Fault.status(500)), UNAVAILABLE(Fault.status(503)),
        BAD_REQUEST(Fault.status(400)), CONNECTION_RESET(Fault.connectionReset()), ANSWER_LOST(Fault.slowAnswer(900));

        final Fault fault;

        Answer(Fault fault) {
            this.fault = fault;
        }
    }

    /**
     * One batch: its destination, its users (false: a user Insider refuses in its fail block), the faults its destination
     * answers with first, and for Xtremepush whether the batch is big enough (100 rows) to be imported as a task.
     */
    record ScriptedBatch(String destination, List<Boolean> validUsers, List<Answer> faults, boolean asynchronous) {

        int items() {
            return destination.equals("xtremepush") && asynchronous ? 100 + validUsers.size() : validUsers.size();
        }
    }

    @BeforeContainer
    static void startPipeline() {
        Map<String, String> settings = new HashMap<>(LocalPipeline.everyDestination(Map.of(
                "MAX_RETRIES", "2", "INITIAL_BACKOFF", "10ms", "BREAKER_DELAY", "200ms", "ATTEMPT_TIMEOUT", "2s")));
        settings.put("QUARKUS_REST_CLIENT_READ_TIMEOUT", "600");
        settings.put("PROFILE_SYNC_POSTER_TIME_BUDGET", "5s");
        settings.put("PROFILE_SYNC_POSTER_TASK_CHECK_DELAY", "0s");
        // returned messages come back after one second: this property is about counts, not timing
        pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), "256m", settings, 1, line -> { });
    }

    @AfterContainer
    static void stopPipeline() {
        pipeline.close();
    }

    @Property(tries = 40)
    void outcomeCountsAddUpForAnyDestinationAnswers(@ForAll("runs") List<ScriptedBatch> batches) throws Exception {
        pipeline.simulator().reset();
        String runId = "p" + UUID.randomUUID().toString().substring(0, 8);
        List<BatchMessage> messages = new ArrayList<>();
        for (int number = 1; number <= batches.size(); number++) {
            ScriptedBatch scripted = batches.get(number - 1);
            BatchMessage message = message(runId, scripted.destination(), number, scripted.items());
            pipeline.enqueue(message, body(runId, number, scripted));
            pipeline.simulator().inject(scripted.destination(), scripted.faults().stream().map(answer -> answer.fault).toArray(Fault[]::new));
            messages.add(message);
        }

        Map<String, SqsEventSource> sources = pipeline.eventSources();
        pipeline.deliver(sources, progress -> { });

        int gaveUp = 0;
        for (int number = 1; number <= batches.size(); number++) {
            gaveUp += checkOutcome(runId, number, batches.get(number - 1), messages.get(number - 1), null, 0,
                    batches.get(number - 1).items());
        }
        assertEquals(0, sources.values().stream().mapToLong(SqsEventSource::pending).sum(), "no message left on a queue");
        int deadLetters = 0;
        for (String destination : LocalPipeline.DESTINATIONS) {
            deadLetters += pipeline.deadLetterBodies(destination).size();
        }
        assertEquals(gaveUp, deadLetters, "every dead letter is a batch recorded as given up, and the other way round");
    }

    /**
     * Checks the outcome of a batch, or of its part {@code part} holding its users {@code from} to {@code to}
     * (exclusive); a batch or part refused as a whole and split is checked through its two halves. Answers how
     * many of the outcomes it checked ran out of deliveries.
     */
    private static int checkOutcome(String runId, int number, ScriptedBatch scripted, BatchMessage message, String part,
            int from, int to) {
        String name = message.batchName() + (part == null ? "" : "." + part);
        JsonNode outcome = pipeline.readJson(outcomeKey(message, part)).orElseThrow(() -> new AssertionError(
                "no outcome for " + name));
        String status = outcome.path("status").asText();
        int items = to - from;
        int delivered = outcome.path("delivered").asInt();
        int failed = outcome.path("failed").asInt();
        int httpStatus = outcome.path("http_status").asInt();
        assertEquals(items, outcome.path("items").asInt(), outcome.toString());
        if (status.equals("split")) {
            assertTrue(items >= 2 && (httpStatus == 400 || httpStatus == 413), "only a refusal as a whole splits: " + outcome);
            assertEquals(0, delivered + failed + outcome.path("unconfirmed").asInt(), "a split batch counts no user: " + outcome);
            int middle = from + items / 2;
            return checkOutcome(runId, number, scripted, message, part == null ? "1" : part + ".1", from, middle)
                    + checkOutcome(runId, number, scripted, message, part == null ? "2" : part + ".2", middle, to);
        }
        assertTrue(List.of("delivered", "partial", "failed").contains(status), outcome.toString());
        assertEquals(items, delivered + failed, "delivered + failed = users: " + outcome);
        assertEquals(failed, outcome.path("failures").size(), "every failed user is listed: " + outcome);
        if (httpStatus == 200 || httpStatus == 202) {
            assertEquals(refusedByDestination(scripted, from, to), failed, "exactly the refused users failed: " + outcome);
            List<String> atDestination = pipeline.simulator().processedUsers(scripted.destination());
            assertTrue(atDestination.containsAll(users(runId, number, scripted, from, to)), "the delivered users are at the destination");
        } else {
            assertEquals(items, failed, "a batch that was not delivered fails all its users: " + outcome);
            assertTrue(items == 1 || !(httpStatus == 400 || httpStatus == 413) || bothHalvesRefusedAlike(message, part, httpStatus),
                    "a refusal as a whole of several users splits them, unless both halves of a split were refused with the "
                    + "same answer (splitting further cannot help): " + outcome);
        }
        return ranOutOfDeliveries(outcome.at("/failures/0/reason").asText()) ? 1 : 0;
    }

    /** Whether {@code part} is a half of a split batch whose other half was refused with the same status. */
    private static boolean bothHalvesRefusedAlike(BatchMessage message, String part, int httpStatus) {
        if (part == null) {
            return false;
        }
        String sibling = part.substring(0, part.length() - 1) + (part.endsWith("1") ? "2" : "1");
        return pipeline.readJson(outcomeKey(message, sibling))
                .map(outcome -> outcome.path("http_status").asInt() == httpStatus)
                .orElse(false);
    }

    @Provide
    Arbitrary<List<ScriptedBatch>> runs() {
        Arbitrary<String> destinations = Arbitraries.of(LocalPipeline.DESTINATIONS);
        Arbitrary<List<Boolean>> users = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(true)), net.jqwik.api.Tuple.of(1, Arbitraries.just(false)))
                .list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<Answer>> faults = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Answer.TOO_MANY_REQUESTS)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Answer.SERVER_ERROR)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Answer.UNAVAILABLE)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Answer.CONNECTION_RESET)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Answer.BAD_REQUEST)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Answer.ANSWER_LOST)))
                .list().ofMaxSize(7);
        return Combinators.combine(destinations, users, faults, Arbitraries.of(false, true)).as(ScriptedBatch::new)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    /** Whether a failure reason says the message ran out of deliveries: a post, or the check of a posted batch's task. */
    private static boolean ranOutOfDeliveries(String reason) {
        return reason.startsWith("gave up after") || reason.startsWith("posted, but its task");
    }

    /** Insider refuses the users with a bad email in its {@code fail} block; the others take every user. */
    private static int refusedByDestination(ScriptedBatch batch, int from, int to) {
        return batch.destination().equals("insider") ? (int) batch.validUsers().subList(from, to).stream().filter(valid -> !valid)
                .count() : 0;
    }

    private static List<String> users(String runId, int batch, ScriptedBatch scripted, int from, int to) {
        List<String> users = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!scripted.destination().equals("insider") || scripted.validUsers().get(i)) {
                users.add(runId + "-" + batch + "-" + i);
            }
        }
        return users;
    }

    private static byte[] body(String runId, int batch, ScriptedBatch scripted) {
        List<Boolean> valid = scripted.validUsers();
        JsonNode body = switch (scripted.destination()) {
            case "insider" -> {
                ObjectNode request = JSON.createObjectNode();
                ArrayNode users = request.putArray("users");
                for (int i = 0; i < valid.size(); i++) {
                    ObjectNode user = users.addObject();
                    user.putObject("identifiers").put("uuid", runId + "-" + batch + "-" + i)
                            .put("email", valid.get(i) ? "user" + i + "@example.com" : "user" + i + "-at-example");
                    user.putObject("attributes").put("name", "User " + i);
                }
                yield request;
            }
            case "evergage" -> {
                ArrayNode users = JSON.createArrayNode();
                for (int i = 0; i < valid.size(); i++) {
                    users.addObject().put("name", runId + "-" + batch + "-" + i).putObject("attributes").put("tier", "gold");
                }
                yield users;
            }
            default -> {
                ObjectNode request = JSON.createObjectNode();
                request.putArray("columns").add("user_id").add("first_name");
                ArrayNode rows = request.putArray("rows");
                for (int i = 0; i < scripted.items(); i++) {
                    rows.addArray().add(runId + "-" + batch + "-" + i).add("Name " + i);
                }
                yield request;
            }
        };
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static BatchMessage message(String runId, String destination, int number, int items) {
        String key = "runs/" + runId + "/batches/" + destination + "/users-" + String.format("%06d", number) + ".json";
        return new BatchMessage(runId, destination, "users", number, BUCKET, key, 2, 1L + items, items,
                "s3://" + BUCKET + "/incoming/property.csv", LineRanges.of(LongStream.rangeClosed(2, 1L + items).toArray()), null, 0);
    }

    private static String outcomeKey(BatchMessage message, String part) {
        return "runs/" + message.runId() + "/outcomes/" + message.destination() + "/users-" + String.format("%06d", message.batch())
                + (part == null ? "" : "." + part) + ".json";
    }
}
