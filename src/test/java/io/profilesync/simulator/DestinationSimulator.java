package io.profilesync.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The simulated destinations' APIs on one loopback HTTP server, each enforcing its documented rules and limits, with
 * faults that tests (and the chaos run) inject per destination: errors, {@code 429} with {@code Retry-After}, slow
 * answers, dropped connections. Records every request it receives and every body it accepts. It hosts every
 * {@link SimulatedDestination} the service loader finds (each destination's package has its own) and any a test adds.
 */
public final class DestinationSimulator implements AutoCloseable {

    private static final ObjectMapper BODIES = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, SimulatedDestination> destinations = new LinkedHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> requestTimes = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> serviceMicros = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> accepted = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Fault>> faultPlans = new ConcurrentHashMap<>();
    private final Map<String, List<String>> processedUsers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ObjectNode>> holdings = new java.util.HashMap<>();
    /** Per destination, every upsert it applied, in the order it applied them: user, then the attributes sent. */
    private final Map<String, List<Map.Entry<String, ObjectNode>>> upserts = new java.util.HashMap<>();
    private final Map<String, List<String>> usersWithLostAnswers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> receivedUsers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> usersWithoutAnswer = new ConcurrentHashMap<>();
    private volatile long lateAnswerNanos = Long.MAX_VALUE;

    public DestinationSimulator() {
        this(List.of());
    }

    /** @param more destinations to simulate besides those the service loader finds */
    public DestinationSimulator(List<SimulatedDestination> more) {
        ServiceLoader.load(SimulatedDestination.class).forEach(destination -> destinations.put(destination.name(), destination));
        more.forEach(destination -> destinations.put(destination.name(), destination));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the destination simulator", e);
        }
        destinations.values().forEach(destination -> destination.paths().forEach(path -> server.createContext(path, exchange -> serve(destination, exchange))));
        server.setExecutor(threads);
        server.start();
    }

    /** The destinations every simulator hosts: each destination package's {@link SimulatedDestination}, by name. */
    public static List<String> simulatedDestinations() {
        return ServiceLoader.load(SimulatedDestination.class).stream().map(provider -> provider.get().name()).sorted().toList();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Configuration pointing profile-sync's REST clients and credentials at this simulator. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        destinations.values().forEach(destination -> {
            config.put("quarkus.rest-client." + destination.name() + ".url", url());
            config.putAll(destination.credentials());
        });
        return config;
    }

    /** The simulated destination of this type, for what only it does (a rotated credential, an export to serve). */
    public <T extends SimulatedDestination> T destination(Class<T> type) {
        return destinations.values().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated destination " + type.getSimpleName()));
    }

    /** The next requests to this destination meet these faults, one each, in order. */
    public void inject(String destination, Fault... next) {
        Deque<Fault> queue = faults.computeIfAbsent(destination, name -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(next));
        }
    }

    /**
     * After the faults {@link #inject injected} one by one, every further request to this destination asks the plan
     * for its fault (null: answer normally).
     */
    public void faultPlan(String destination, Supplier<Fault> plan) {
        faultPlans.put(destination, plan);
    }

    /**
     * From now on, an answer that leaves more than {@code late} after its request arrived counts as lost (in
     * {@link #usersWithLostAnswers} and {@link #usersWithoutAnswer}), as an injected one does: on a loaded machine
     * the client's read timeout or its invocation's deadline may have ended the wait for it.
     */
    public void answersLostAfter(Duration late) {
        lateAnswerNanos = late.toNanos();
    }

    /** Every request the destination received, faulted or not, as arrival times in nanoseconds. */
    public List<Long> requestTimes(String destination) {
        return List.copyOf(requestTimes.getOrDefault(destination, List.of()));
    }

    /** Every body the destination accepted and processed. */
    public List<JsonNode> accepted(String destination) {
        return List.copyOf(accepted.getOrDefault(destination, List.of()));
    }

    /** For each request answered without a fault, the destination's own time: from its arrival to its answer, in microseconds. */
    public List<Long> serviceTimes(String destination) {
        return List.copyOf(serviceMicros.getOrDefault(destination, List.of()));
    }

    /** The users of every request the destination processed, once per request: a user posted twice is here twice. */
    public List<String> processedUsers(String destination) {
        return List.copyOf(processedUsers.getOrDefault(destination, List.of()));
    }

    /**
     * The users of the processed requests whose answer never reached the client (a timeout, a killed client, an
     * answer later than {@link #answersLostAfter}).
     */
    public List<String> usersWithLostAnswers(String destination) {
        return List.copyOf(usersWithLostAnswers.getOrDefault(destination, List.of()));
    }

    /**
     * The users of every request that reached the destination, processed or refused, once per request: what the client
     * sent, whatever became of it.
     */
    public List<String> receivedUsers(String destination) {
        return List.copyOf(receivedUsers.getOrDefault(destination, List.of()));
    }

    /**
     * The users of every request whose answer never reached the client, processed (a lost answer, a killed client) or
     * not (a dropped connection): the client cannot tell, so sending them again is a repost.
     */
    public List<String> usersWithoutAnswer(String destination) {
        return List.copyOf(usersWithoutAnswer.getOrDefault(destination, List.of()));
    }

    /**
     * The profiles the destination holds now, by user: every processed upsert applied in the order the destination processed
     * them, a null erasing what it held.
     */
    public Map<String, ObjectNode> holdings(String destination) {
        synchronized (holdings) {
            Map<String, ObjectNode> copy = new java.util.TreeMap<>();
            holdings.getOrDefault(destination, Map.of()).forEach((user, profile) -> copy.put(user, profile.deepCopy()));
            return copy;
        }
    }

    /** Every upsert the destination applied, in the order it applied them: per user, the attributes it was sent. */
    public List<Map.Entry<String, ObjectNode>> upserts(String destination) {
        synchronized (holdings) {
            return List.copyOf(upserts.getOrDefault(destination, List.of()));
        }
    }

    public void reset() {
        upserts.clear();
        holdings.clear();
        faults.clear();
        faultPlans.clear();
        requestTimes.clear();
        serviceMicros.clear();
        accepted.clear();
        processedUsers.clear();
        usersWithLostAnswers.clear();
        receivedUsers.clear();
        usersWithoutAnswer.clear();
        lateAnswerNanos = Long.MAX_VALUE;
        destinations.values().forEach(SimulatedDestination::reset);
    }

    private void serve(SimulatedDestination destination, HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        requestTimes.computeIfAbsent(destination.name(), name -> new CopyOnWriteArrayList<>()).add(arrived);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Fault fault = nextFault(destination.name());
        List<String> users = usersIn(destination, exchange.getRequestURI().getPath(), body);
        receivedUsers.computeIfAbsent(destination.name(), name -> Collections.synchronizedList(new ArrayList<>())).addAll(users);
        if (fault != null && (fault.reset() || fault.losesAnswer())) {
            usersWithoutAnswer.computeIfAbsent(destination.name(), name -> Collections.synchronizedList(new ArrayList<>())).addAll(users);
        }
        if (fault != null && fault.reset()) {
            exchange.close();
            return;
        }
        if (fault != null && fault.status() != 0) {
            if (fault.retryAfterSeconds() >= 0) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(fault.retryAfterSeconds()));
            }
            Exchange.answer(exchange, fault.status(), fault.body() != null ? fault.body() : fault.status() == 429
                    ? Exchange.error("rejected: too many requests") : Exchange.error("simulated " + fault.status()));
            answeredLate(destination, arrived, users, false);
            return;
        }
        SimulatedDestination.Answer answer = destination.handle(exchange, body);
        if (answer.accepted() != null) {
            record(destination, exchange.getRequestURI().getPath(), answer.accepted(), fault != null && fault.losesAnswer());
        }
        if (fault != null && fault.afterProcessing() != null) {
            fault.afterProcessing().run();
        }
        if (fault != null && fault.delayMillis() > 0) {
            // processed already; the answer comes too late, as when a destination's answer is lost to a timeout
            LockSupport.parkNanos(fault.delayMillis() * 1_000_000);
        } else if (fault == null) {
            serviceMicros.computeIfAbsent(destination.name(), name -> new CopyOnWriteArrayList<>())
                    .add((System.nanoTime() - arrived) / 1_000);
        }
        Exchange.answer(exchange, answer.status(), fault != null && fault.garbled()
                ? "<html><body>upstream answered</body></html>" : answer.body());
        if (fault == null || !fault.losesAnswer()) {
            answeredLate(destination, arrived, users, answer.accepted() != null);
        }
    }

    /**
     * An answer that left later than {@link #answersLostAfter} after its request arrived may have come after the
     * client gave up: it counts as an answer that never came back (and, when processed, a lost one).
     */
    private void answeredLate(SimulatedDestination destination, long arrived, List<String> users, boolean processed) {
        if (System.nanoTime() - arrived <= lateAnswerNanos) {
            return;
        }
        usersWithoutAnswer.computeIfAbsent(destination.name(), name -> Collections.synchronizedList(new ArrayList<>())).addAll(users);
        if (processed) {
            usersWithLostAnswers.computeIfAbsent(destination.name(), name -> Collections.synchronizedList(new ArrayList<>()))
                    .addAll(users);
        }
    }

    private void record(SimulatedDestination destination, String path, JsonNode body, boolean answerLost) {
        accepted.computeIfAbsent(destination.name(), name -> new CopyOnWriteArrayList<>()).add(body);
        List<String> users = destination.users(path, body);
        synchronized (holdings) {
            destination.upserts(path, body).forEach((user, attributes) -> upserts.computeIfAbsent(destination.name(),
                    name -> new ArrayList<>()).add(Map.entry(user, attributes.deepCopy())));
            destination.apply(path, body, holdings.computeIfAbsent(destination.name(), name -> new java.util.HashMap<>()));
        }
        processedUsers.computeIfAbsent(destination.name(), name -> Collections.synchronizedList(new ArrayList<>()))
                .addAll(users);
        if (answerLost) {
            usersWithLostAnswers.computeIfAbsent(destination.name(), name -> Collections.synchronizedList(new ArrayList<>()))
                    .addAll(users);
        }
    }

    /** The users a request names, read as the destination would read it; none when it is not a body the destination reads. */
    private static List<String> usersIn(SimulatedDestination destination, String path, byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        try {
            return destination.users(path, BODIES.readTree(body));
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }

    private Fault nextFault(String destination) {
        Deque<Fault> queue = faults.get(destination);
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.pollFirst();
                }
            }
        }
        Supplier<Fault> plan = faultPlans.get(destination);
        return plan == null ? null : plan.get();
    }

    public List<String> destinationNames() {
        return new ArrayList<>(destinations.keySet());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
