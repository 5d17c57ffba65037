package io.profilesync.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import io.smallrye.config.EnvConfigSource;

/**
 * The configuration keys profile-sync had before "vendor" became "destination" (rename:skip-file): environment
 * variables {@code PROFILE_SYNC_VENDORS_<NAME>_*} and system properties {@code profile-sync.vendors.<name>.*} still
 * configure {@code profile-sync.destinations.<name>.*}, below the new keys (a new key wins), with one deprecation line
 * naming them. An environment source of its own, under the new names, so that the destinations map finds its keys as
 * it does in the environment. Registered in META-INF/services.
 */
public final class FormerConfigNames extends EnvConfigSource {

    private static final Logger LOG = Logger.getLogger(FormerConfigNames.class);
    private static final String FORMER = "PROFILE_SYNC_VENDORS_";
    private static final String CURRENT = "PROFILE_SYNC_DESTINATIONS_";
    /** Just below the environment's own 300: a key set under its new name wins. */
    private static final int ORDINAL = 295;

    public FormerConfigNames() {
        this(System.getenv(), Map.copyOf(System.getProperties()));
    }

    FormerConfigNames(Map<String, String> environment, Map<Object, Object> systemProperties) {
        super(renamed(environment, systemProperties), ORDINAL);
    }

    private static Map<String, String> renamed(Map<String, String> environment, Map<Object, Object> systemProperties) {
        Map<String, String> renamed = new TreeMap<>();
        Map<String, String> former = new TreeMap<>(environment);
        systemProperties.forEach((name, value) -> former.put(asEnvironmentName(name.toString()), value.toString()));
        former.forEach((name, value) -> {
            if (name.startsWith(FORMER)) {
                renamed.put(CURRENT + name.substring(FORMER.length()), value);
            }
        });
        if (!renamed.isEmpty()) {
            LOG.warnf("Deprecated configuration keys %s: rename them %s... (profile-sync.destinations.*); "
                    + "the former names will not be read in a later version",
                    former.keySet().stream().filter(name -> name.startsWith(FORMER)).toList(), CURRENT);
        }
        return renamed;
    }

    /** The environment variable a property name becomes (SmallRye's rule: other than letters and digits to _). */
    private static String asEnvironmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @Override
    public String getName() {
        return "former configuration names (PROFILE_SYNC_VENDORS_*)";
    }
}
