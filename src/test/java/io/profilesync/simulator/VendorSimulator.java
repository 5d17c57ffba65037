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
 * The simulated vendors' APIs on one loopback HTTP server, each enforcing its documented rules and limits, with
 * faults that tests (and the chaos run) inject per vendor: errors, {@code 429} with {@code Retry-After}, slow
 * answers, dropped connections. Records every request it receives and every body it accepts. It hosts every
 * {@link SimulatedVendor} the service loader finds (each vendor's package has its own) and any a test adds.
 */
public final class VendorSimulator implements AutoCloseable {

    private static final ObjectMapper BODIES = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final Map<String, SimulatedVendor> vendors = new LinkedHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> requestTimes = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> serviceMicros = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> accepted = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Fault>> faultPlans = new ConcurrentHashMap<>();
    private final Map<String, List<String>> processedUsers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ObjectNode>> holdings = new java.util.HashMap<>();
    /** Per vendor, every upsert it applied, in the order it applied them: user, then the attributes sent. */
    private final Map<String, List<Map.Entry<String, ObjectNode>>> upserts = new java.util.HashMap<>();
    private final Map<String, List<String>> usersWithLostAnswers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> receivedUsers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> usersWithoutAnswer = new ConcurrentHashMap<>();
    private volatile long lateAnswerNanos = Long.MAX_VALUE;

    public VendorSimulator() {
        this(List.of());
    }

    /** @param more vendors to simulate besides those the service loader finds */
    public VendorSimulator(List<SimulatedVendor> more) {
        ServiceLoader.load(SimulatedVendor.class).forEach(vendor -> vendors.put(vendor.name(), vendor));
        more.forEach(vendor -> vendors.put(vendor.name(), vendor));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the vendor simulator", e);
        }
        vendors.values().forEach(vendor -> vendor.paths().forEach(path -> server.createContext(path, exchange -> serve(vendor, exchange))));
        server.setExecutor(threads);
        server.start();
    }

    /** The vendors every simulator hosts: each vendor package's {@link SimulatedVendor}, by name. */
    public static List<String> simulatedVendors() {
        return ServiceLoader.load(SimulatedVendor.class).stream().map(provider -> provider.get().name()).sorted().toList();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Configuration pointing profile-sync's REST clients and credentials at this simulator. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        vendors.values().forEach(vendor -> {
            config.put("quarkus.rest-client." + vendor.name() + ".url", url());
            config.putAll(vendor.credentials());
        });
        return config;
    }

    /** The simulated vendor of this type, for what only it does (a rotated credential, an export to serve). */
    public <T extends SimulatedVendor> T vendor(Class<T> type) {
        return vendors.values().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated vendor " + type.getSimpleName()));
    }

    /** The next requests to this vendor meet these faults, one each, in order. */
    public void inject(String vendor, Fault... next) {
        Deque<Fault> queue = faults.computeIfAbsent(vendor, name -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(next));
        }
    }

    /**
     * After the faults {@link #inject injected} one by one, every further request to this vendor asks the plan
     * for its fault (null: answer normally).
     */
    public void faultPlan(String vendor, Supplier<Fault> plan) {
        faultPlans.put(vendor, plan);
    }

    /**
     * From now on, an answer that leaves more than {@code late} after its request arrived counts as lost (in
     * {@link #usersWithLostAnswers} and {@link #usersWithoutAnswer}), as an injected one does: on a loaded machine
     * the client's read timeout or its invocation's deadline may have ended the wait for it.
     */
    public void answersLostAfter(Duration late) {
        lateAnswerNanos = late.toNanos();
    }

    /** Every request the vendor received, faulted or not, as arrival times in nanoseconds. */
    public List<Long> requestTimes(String vendor) {
        return List.copyOf(requestTimes.getOrDefault(vendor, List.of()));
    }

    /** Every body the vendor accepted and processed. */
    public List<JsonNode> accepted(String vendor) {
        return List.copyOf(accepted.getOrDefault(vendor, List.of()));
    }

    /** For each request answered without a fault, the vendor's own time: from its arrival to its answer, in microseconds. */
    public List<Long> serviceTimes(String vendor) {
        return List.copyOf(serviceMicros.getOrDefault(vendor, List.of()));
    }

    /** The users of every request the vendor processed, once per request: a user posted twice is here twice. */
    public List<String> processedUsers(String vendor) {
        return List.copyOf(processedUsers.getOrDefault(vendor, List.of()));
    }

    /**
     * The users of the processed requests whose answer never reached the client (a timeout, a killed client, an
     * answer later than {@link #answersLostAfter}).
     */
    public List<String> usersWithLostAnswers(String vendor) {
        return List.copyOf(usersWithLostAnswers.getOrDefault(vendor, List.of()));
    }

    /**
     * The users of every request that reached the vendor, processed or refused, once per request: what the client
     * sent, whatever became of it.
     */
    public List<String> receivedUsers(String vendor) {
        return List.copyOf(receivedUsers.getOrDefault(vendor, List.of()));
    }

    /**
     * The users of every request whose answer never reached the client, processed (a lost answer, a killed client) or
     * not (a dropped connection): the client cannot tell, so sending them again is a repost.
     */
    public List<String> usersWithoutAnswer(String vendor) {
        return List.copyOf(usersWithoutAnswer.getOrDefault(vendor, List.of()));
    }

    /**
     * The profiles the vendor holds now, by user: every processed upsert applied in the order the vendor processed
     * them, a null erasing what it held.
     */
    public Map<String, ObjectNode> holdings(String vendor) {
        synchronized (holdings) {
            Map<String, ObjectNode> copy = new java.util.TreeMap<>();
            holdings.getOrDefault(vendor, Map.of()).forEach((user, profile) -> copy.put(user, profile.deepCopy()));
            return copy;
        }
    }

    /** Every upsert the vendor applied, in the order it applied them: per user, the attributes it was sent. */
    public List<Map.Entry<String, ObjectNode>> upserts(String vendor) {
        synchronized (holdings) {
            return List.copyOf(upserts.getOrDefault(vendor, List.of()));
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
        vendors.values().forEach(SimulatedVendor::reset);
    }

    private void serve(SimulatedVendor vendor, HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        requestTimes.computeIfAbsent(vendor.name(), name -> new CopyOnWriteArrayList<>()).add(arrived);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Fault fault = nextFault(vendor.name());
        List<String> users = usersIn(vendor, exchange.getRequestURI().getPath(), body);
        receivedUsers.computeIfAbsent(vendor.name(), name -> Collections.synchronizedList(new ArrayList<>())).addAll(users);
        if (fault != null && (fault.reset() || fault.losesAnswer())) {
            usersWithoutAnswer.computeIfAbsent(vendor.name(), name -> Collections.synchronizedList(new ArrayList<>())).addAll(users);
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
            answeredLate(vendor, arrived, users, false);
            return;
        }
        SimulatedVendor.Answer answer = vendor.handle(exchange, body);
        if (answer.accepted() != null) {
            record(vendor, exchange.getRequestURI().getPath(), answer.accepted(), fault != null && fault.losesAnswer());
        }
        if (fault != null && fault.afterProcessing() != null) {
            fault.afterProcessing().run();
        }
        if (fault != null && fault.delayMillis() > 0) {
            // processed already; the answer comes too late, as when a vendor's answer is lost to a timeout
            LockSupport.parkNanos(fault.delayMillis() * 1_000_000);
        } else if (fault == null) {
            serviceMicros.computeIfAbsent(vendor.name(), name -> new CopyOnWriteArrayList<>())
                    .add((System.nanoTime() - arrived) / 1_000);
        }
        Exchange.answer(exchange, answer.status(), fault != null && fault.garbled()
                ? "<html><body>upstream answered</body></html>" : answer.body());
        if (fault == null || !fault.losesAnswer()) {
            answeredLate(vendor, arrived, users, answer.accepted() != null);
        }
    }

    /**
     * An answer that left later than {@link #answersLostAfter} after its request arrived may have come after the
     * client gave up: it counts as an answer that never came back (and, when processed, a lost one).
     */
    private void answeredLate(SimulatedVendor vendor, long arrived, List<String> users, boolean processed) {
        if (System.nanoTime() - arrived <= lateAnswerNanos) {
            return;
        }
        usersWithoutAnswer.computeIfAbsent(vendor.name(), name -> Collections.synchronizedList(new ArrayList<>())).addAll(users);
        if (processed) {
            usersWithLostAnswers.computeIfAbsent(vendor.name(), name -> Collections.synchronizedList(new ArrayList<>()))
                    .addAll(users);
        }
    }

    private void record(SimulatedVendor vendor, String path, JsonNode body, boolean answerLost) {
        accepted.computeIfAbsent(vendor.name(), name -> new CopyOnWriteArrayList<>()).add(body);
        List<String> users = vendor.users(path, body);
        synchronized (holdings) {
            vendor.upserts(path, body).forEach((user, attributes) -> upserts.computeIfAbsent(vendor.name(),
                    name -> new ArrayList<>()).add(Map.entry(user, attributes.deepCopy())));
            vendor.apply(path, body, holdings.computeIfAbsent(vendor.name(), name -> new java.util.HashMap<>()));
        }
        processedUsers.computeIfAbsent(vendor.name(), name -> Collections.synchronizedList(new ArrayList<>()))
                .addAll(users);
        if (answerLost) {
            usersWithLostAnswers.computeIfAbsent(vendor.name(), name -> Collections.synchronizedList(new ArrayList<>()))
                    .addAll(users);
        }
    }

    /** The users a request names, read as the vendor would read it; none when it is not a body the vendor reads. */
    private static List<String> usersIn(SimulatedVendor vendor, String path, byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        try {
            return vendor.users(path, BODIES.readTree(body));
        } catch (IOException | RuntimeException unreadable) {
            return List.of();
        }
    }

    private Fault nextFault(String vendor) {
        Deque<Fault> queue = faults.get(vendor);
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.pollFirst();
                }
            }
        }
        Supplier<Fault> plan = faultPlans.get(vendor);
        return plan == null ? null : plan.get();
    }

    public List<String> vendorNames() {
        return new ArrayList<>(vendors.keySet());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
