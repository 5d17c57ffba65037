package io.profilesync.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.profilesync.credentials.Credentials;
import io.profilesync.vendor.VendorUrls;

/**
 * What the local run checks before any work: every enabled vendor given a real URL
 * ({@code QUARKUS_REST_CLIENT_<VENDOR>_URL}) has its credentials in the environment (or a secret id) and an
 * URL that {@link VendorUrls} allows (the poster's own rule). A problem is one line naming the variables to set: nothing is split or posted, so no
 * user is marked failed by a configuration error.
 */
final class VendorConfigurationCheck {

    /** Each vendor's credentials without which no request can be made (optional ones, such as Insider's callback, left out). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "insider", List.of("partner-name", "request-token"),
            "xtremepush", List.of("app-token"),
            "evergage", List.of("api-key-id", "api-key-secret"));

    private VendorConfigurationCheck() {
    }

    /** The problems for these vendors in this environment, one line each; empty when all is set. */
    static List<String> problems(List<String> vendors, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        for (String vendor : vendors) {
            String urlVariable = LocalPipeline.environmentName("quarkus.rest-client." + vendor + ".url");
            String url = environment.get(urlVariable);
            if (url == null || "false".equalsIgnoreCase(environment.get(
                    LocalPipeline.environmentName("profile-sync.vendors." + vendor + ".enabled")))) {
                continue;
            }
            VendorUrls.problem(url, "quarkus.rest-client." + vendor + ".url").ifPresent(problem -> problems.add(vendor + ": " + problem));
            if (environment.containsKey(Credentials.environmentName(vendor, "secret-id"))) {
                continue;
            }
            List<String> missing = REQUIRED.get(vendor).stream().map(key -> Credentials.environmentName(vendor, key))
                    .filter(variable -> environment.getOrDefault(variable, "").isBlank()).toList();
            if (!missing.isEmpty()) {
                problems.add(vendor + " is configured (" + urlVariable + ") but its credentials are not: set "
                        + String.join(" and ", missing));
            }
        }
        return problems;
    }

    /** The same, for the vendors a command uses, in this process's environment. */
    static List<String> problems(List<String> vendors) {
        return problems(vendors, new LinkedHashMap<>(System.getenv()));
    }
}
