package io.profilesync.testing;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts {@link LocalAws} for {@code @QuarkusTest}s, with the drop bucket and one queue per vendor. */
public class LocalAwsResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "profile-drop";
    public static final String[] VENDORS = {"insider", "xtremepush", "evergage"};
    /** Short, so that a message the poster returns comes back soon (AWS's are six times the poster's timeout). */
    public static final int VISIBILITY_SECONDS = 2;

    private static LocalAws aws;
    private static final Map<String, String> QUEUES = new LinkedHashMap<>();

    @Override
    public Map<String, String> start() {
        aws = LocalAws.start();
        aws.createBucket(BUCKET);
        Map<String, String> config = new LinkedHashMap<>(aws.quarkusConfig());
        for (String vendor : VENDORS) {
            String url = aws.createQueueWithDeadLetters(vendor + "-batches", 3, VISIBILITY_SECONDS);
            QUEUES.put(vendor, url);
            config.put("profile-sync.vendors." + vendor + ".queue-url", url);
        }
        return config;
    }

    public static LocalAws aws() {
        return aws;
    }

    public static String queueUrl(String vendor) {
        return QUEUES.get(vendor);
    }

    @Override
    public void stop() {
        if (aws != null) {
            aws.close();
        }
    }
}
