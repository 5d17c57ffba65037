package io.profilesync.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.bertramlabs.plugins.hcl4j.HCLParser;

import io.profilesync.callbacks.CallbackSettings;
import io.profilesync.config.ProfileSyncConfig;
import io.profilesync.export.ExportSettings;
import io.profilesync.destination.evergage.EvergageSettings;
import io.profilesync.sync.StateKeySettings;
import io.profilesync.destination.insider.InsiderCredentials;
import io.profilesync.destination.xtremepush.XtremepushCredentials;
import io.smallrye.config.ConfigMapping;

/**
 * What Terraform's own tests ({@code terraform/tests}, run by {@code .ci/run}) cannot see, because it is in the
 * Java code: the functions Terraform deploys are exactly the Funqy exports, the destinations it knows are the destination
 * packages, every configuration key it sets is one the code declares, and every one the functions need is set.
 * (Each role's permissions are held to the calls the packaged functions make by {@code FunctionPermissionsIT}
 * and {@code terraform/tests/permissions.tftest.hcl}.)
 */
class TerraformWiringTest {

    private static final Path TERRAFORM = Path.of("terraform");
    private static final Path SOURCES = Path.of("src/main/java");

    private static final Map<String, Map<String, Object>> PARSED = new LinkedHashMap<>();
    private static String terraform;
    private static String sources;
    /** The destination packages' names ({@code Destination#name()}). */
    private static Set<String> destinations;

    @BeforeAll
    static void read() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(TERRAFORM)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                PARSED.put(file.getFileName().toString(), new HCLParser().parse(file.toFile(), "UTF-8"));
                text.append(Files.readString(file)).append('\n');
            }
        }
        terraform = text.toString();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(TerraformWiringTest::readString)
                    .collect(Collectors.joining("\n"));
        }
        destinations = matches(sources, "public static final String NAME = \"(\\w+)\"");
    }

    @Test
    void everyTerraformFileParsesAndDeclaresResources() {
        assertTrue(PARSED.size() >= 8, "terraform files: " + PARSED.keySet());
        assertTrue(terraform.contains("resource \"aws_lambda_function\""));
    }

    @Test
    void theFunctionsDeployedAreExactlyTheFunqyExports() {
        Set<String> exports = matches(sources, "@Funq\\(\"([^\"]+)\"\\)");
        Matcher functions = Pattern.compile("functions\\s*=\\s*toset\\(\\[([^]]+)]\\)").matcher(terraform);
        assertTrue(functions.find(), "local.functions");

        assertEquals(exports, matches(functions.group(1), "\"([^\"]+)\""));
        assertTrue(terraform.contains("QUARKUS_FUNQY_EXPORT = each.key"), "each function selects itself");
        assertTrue(terraform.contains("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"), "the JVM handler");
        assertTrue(terraform.contains("\"provided.al2023\"") && terraform.contains("\"java21\""), "native and JVM runtimes");
    }

    @Test
    void theDestinationsTerraformKnowsAreTheDestinationPackages() {
        @SuppressWarnings("unchecked")
        Map<String, Object> declared = (Map<String, Object>) variable("destinations").get("default");

        assertTrue(destinations.contains("insider"), "destination names found in the sources: " + destinations);
        assertEquals(destinations, new TreeSet<>(declared.keySet()));
    }

    @Test
    void thePostersRetryBudgetFitsItsTimeoutAndTheQueuesVisibilityTimeout() {
        double budget = ((Number) variable("poster_time_budget_seconds").get("default")).doubleValue();
        @SuppressWarnings("unchecked")
        double timeout = ((Number) ((Map<String, Object>) ((Map<String, Object>) PARSED.get("main.tf").get("locals"))
                .get("default_timeout_seconds")).get("poster")).doubleValue();

        assertTrue(budget < timeout, "budget " + budget + " within timeout " + timeout);
        assertTrue(terraform.contains("visibility_timeout_seconds = 6 * local.timeout_seconds[\"poster\"]"));
    }

    @Test
    void everyConfigurationKeySetExistsAndEveryRequiredOneIsSet() {
        Set<String> known = knownEnvironmentNames();
        Set<String> set = matches(terraform, "\\b((?:PROFILE_SYNC|QUARKUS)_(?:%s|[A-Z0-9_])+)\\s*[=\"]");
        for (String name : set) {
            for (String destination : destinations) {
                String concrete = name.replace("%s", destination.toUpperCase(Locale.ROOT));
                assertTrue(known.contains(concrete), concrete + " is not a configuration key of the functions");
            }
        }
        for (String required : Set.of("PROFILE_SYNC_DESTINATIONS_%s_QUEUE_URL", "PROFILE_SYNC_OUTPUT_BUCKET",
                "PROFILE_SYNC_CALLBACKS_BUCKET", "PROFILE_SYNC_EXPORT_BUCKET", "PROFILE_SYNC_%s_SECRET_ID",
                "PROFILE_SYNC_CALLBACKS_SECRET_ID", "QUARKUS_FUNQY_EXPORT", "QUARKUS_REST_CLIENT_%s_URL")) {
            assertTrue(set.contains(required), required + " is required by the functions but not set");
        }
    }

    /** Environment names of every configuration key the code declares, plus Quarkus' own that Terraform sets. */
    private static Set<String> knownEnvironmentNames() {
        Set<String> properties = new TreeSet<>();
        for (Class<?> mapping : new Class<?>[] {ProfileSyncConfig.class, CallbackSettings.class, ExportSettings.class,
                EvergageSettings.class, InsiderCredentials.class, XtremepushCredentials.class, StateKeySettings.class}) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, properties);
        }
        properties.add("quarkus.funqy.export");
        for (String destination : destinations) {
            properties.add("quarkus.rest-client." + destination + ".url");
        }
        properties.add("disable.signal.handlers");
        // JSON log lines in AWS (quarkus-logging-json; docs/observability.md, "JSON logs")
        properties.add("quarkus.log.console.json.enabled");
        return properties.stream().map(p -> p.replaceAll("[^A-Za-z0-9]", "_").toUpperCase()).collect(Collectors.toSet());
    }

    private static void collect(String prefix, Class<?> type, Set<String> properties) {
        for (Method method : type.getMethods()) {
            if (method.isDefault() || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (method.getReturnType().isInterface() && method.getReturnType().getDeclaringClass() == type) {
                collect(name, method.getReturnType(), properties);
            } else if (method.getReturnType() == Map.class) {
                for (Class<?> nested : type.getDeclaredClasses()) {
                    for (String destination : destinations) {
                        if (nested.getSimpleName().equals("DestinationSettings")) {
                            collect(name + "." + destination, nested, properties);
                        }
                    }
                }
            } else {
                properties.add(name);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(String type) {
        Map<String, Object> all = new LinkedHashMap<>();
        PARSED.values().forEach(file -> {
            Map<String, Object> resources = (Map<String, Object>) file.get("resource");
            if (resources != null && resources.containsKey(type)) {
                all.putAll((Map<String, Object>) resources.get(type));
            }
        });
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variable(String name) {
        return (Map<String, Object>) ((Map<String, Object>) PARSED.get("variables.tf").get("variable")).get(name);
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
