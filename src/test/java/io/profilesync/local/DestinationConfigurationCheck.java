package io.profilesync.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.profilesync.credentials.Credentials;
import io.profilesync.destination.DestinationUrls;

/**
 * What the local run checks before any work: every enabled destination given a real URL
 * ({@code QUARKUS_REST_CLIENT_<DESTINATION>_URL}) has its credentials in the environment (or a secret id) and an
 * URL that {@link DestinationUrls} allows (the poster's own rule). A problem is one line naming the variables to set: nothing is split or posted, so no
 * user is marked failed by a configuration error.
 */
final class DestinationConfigurationCheck {

    /** Each destination's credentials without which no request can be made (optional ones, such as Insider's callback, left out). */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "insider", List.of("partner-name", "request-token"),
            "xtremepush", List.of("app-token"),
            "evergage", List.of("api-key-id", "api-key-secret"));

    private DestinationConfigurationCheck() {
    }

    /** The problems for these destinations in this environment, one line each; empty when all is set. */
    static List<String> problems(List<String> destinations, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        for (String destination : destinations) {
            String urlVariable = LocalPipeline.environmentName("quarkus.rest-client." + destination + ".url");
            String url = environment.get(urlVariable);
            if (url == null || "false".equalsIgnoreCase(environment.get(
                    LocalPipeline.environmentName("profile-sync.destinations." + destination + ".enabled")))) {
                continue;
            }
            DestinationUrls.problem(url, "quarkus.rest-client." + destination + ".url").ifPresent(problem -> problems.add(destination + ": " + problem));
            if (environment.containsKey(Credentials.environmentName(destination, "secret-id"))) {
                continue;
            }
            List<String> missing = REQUIRED.get(destination).stream().map(key -> Credentials.environmentName(destination, key))
                    .filter(variable -> environment.getOrDefault(variable, "").isBlank()).toList();
            if (!missing.isEmpty()) {
                problems.add(destination + " is configured (" + urlVariable + ") but its credentials are not: set "
                        + String.join(" and ", missing));
            }
        }
        return problems;
    }

    /** The same, for the destinations a command uses, in this process's environment. */
    static List<String> problems(List<String> destinations) {
        return problems(destinations, new LinkedHashMap<>(System.getenv()));
    }
}
