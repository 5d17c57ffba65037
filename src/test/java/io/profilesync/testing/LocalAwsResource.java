package io.profilesync.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.profilesync.simulator.DestinationSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Starts {@link LocalAws} for {@code @QuarkusTest}s, with the drop bucket and one queue per destination: every destination
 * the suite simulates, and any other the test profile enables ({@code profile-sync.destinations.<destination>.enabled}).
 */
public class LocalAwsResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "profile-drop";
    /** Short, so that a message the poster returns comes back soon (AWS's are six times the poster's timeout). */
    public static final int VISIBILITY_SECONDS = 2;
    /** The destination queues' maxReceiveCount: a profile that dead-letters a batch sets the poster's max-receives to it. */
    public static final int MAX_RECEIVES = 3;
    private static final Pattern ENABLED = Pattern.compile("profile-sync\\.destinations\\.([^.]+)\\.enabled");

    private static LocalAws aws;
    private static final Map<String, String> QUEUES = new LinkedHashMap<>();
    private String testProfile;

    @Override
    public void setContext(Context context) {
        testProfile = context.testProfile();
    }

    @Override
    public Map<String, String> start() {
        aws = LocalAws.start();
        aws.createBucket(BUCKET);
        Map<String, String> config = new LinkedHashMap<>(aws.quarkusConfig());
        QUEUES.clear();
        chunkQueueUrl = aws.createQueueWithDeadLetters("split-chunks", 3, VISIBILITY_SECONDS);
        config.put("profile-sync.split.chunk-queue-url", chunkQueueUrl);
        splitFailuresQueueUrl = aws.createQueueWithDeadLetters("split-failures", 3, VISIBILITY_SECONDS);
        for (String destination : destinations(testProfile)) {
            String url = aws.createQueueWithDeadLetters(queueName(destination), MAX_RECEIVES, VISIBILITY_SECONDS);
            QUEUES.put(destination, url);
            config.put("profile-sync.destinations." + destination + ".queue-url", url);
        }
        return config;
    }

    private static Set<String> destinations(String testProfile) {
        Set<String> destinations = new TreeSet<>(DestinationSimulator.simulatedDestinations());
        if (testProfile == null || testProfile.isEmpty()) {
            return destinations;
        }
        try {
            QuarkusTestProfile profile = (QuarkusTestProfile) Class.forName(testProfile).getDeclaredConstructor().newInstance();
            profile.getConfigOverrides().forEach((key, value) -> {
                Matcher enabled = ENABLED.matcher(key);
                if (enabled.matches() && Boolean.parseBoolean(value)) {
                    destinations.add(enabled.group(1));
                }
            });
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the test profile " + testProfile, e);
        }
        return destinations;
    }

    private static String chunkQueueUrl;
    private static String splitFailuresQueueUrl;

    public static LocalAws aws() {
        return aws;
    }

    /** The destinations that have a queue. */
    public static Set<String> destinations() {
        return Collections.unmodifiableSet(QUEUES.keySet());
    }

    /** The queue of the chunks of large files, which the split-chunk function consumes. */
    public static String chunkQueueUrl() {
        return chunkQueueUrl;
    }

    /** The splitter's on-failure destination, which the split-failures function consumes (as split-chunks' dead letters). */
    public static String splitFailuresQueueUrl() {
        return splitFailuresQueueUrl;
    }

    /** The dead-letter queue of the chunks' queue: a chunk's message lands there after its last failed delivery. */
    public static String deadChunksQueueUrl() {
        return aws.sqs().getQueueUrl(request -> request.queueName("split-chunks-dlq")).queueUrl();
    }

    /** A destination's queue; its dead-letter queue is this name with {@code -dlq}. */
    public static String queueName(String destination) {
        return destination + "-batches";
    }

    public static String queueUrl(String destination) {
        return QUEUES.get(destination);
    }

    @Override
    public void stop() {
        if (aws != null) {
            aws.close();
        }
    }
}
