package io.profilesync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which test classes each phase runs, against the classes themselves (docs/contributing.md). Surefire ({@code mvn test},
 * the quick loop) leaves out exactly the {@code @QuarkusTest} classes and their suites, which
 * src/test/application-tests.txt lists (surefire filters them before discovery, where Quarkus would build the
 * application for each); failsafe runs them beside the integration tests. It runs the classes that share a test profile
 * as suites ({@code io.profilesync.app}) instead of one by one, which src/test/suite-members.txt lists.
 */
class TestSelectionTest {

    private static final Path SOURCES = Path.of("src/test/java");
    private static final Pattern PROFILE = Pattern.compile("@TestProfile\\(([\\w.]+)\\.class\\)");
    private static final Pattern MEMBER = Pattern.compile("\"(io\\.profilesync\\.[\\w.]+)\"");
    private static final String DEFAULT_PROFILE = "the default profile";

    /** Each {@code @QuarkusTest} class (as its source path) with its test profile. */
    private static Map<String, String> quarkusTests;
    /** Each suite (as its source path) with its members (as source paths). */
    private static Map<String, List<String>> suites;

    @BeforeAll
    static void readSources() throws IOException {
        quarkusTests = new TreeMap<>();
        suites = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(file -> file.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                String path = SOURCES.relativize(file).toString().replace('\\', '/');
                if (source.lines().anyMatch(line -> line.startsWith("@QuarkusTest"))) {
                    Matcher profile = PROFILE.matcher(source);
                    quarkusTests.put(path, profile.find() ? profile.group(1) : DEFAULT_PROFILE);
                }
                if (source.lines().anyMatch(line -> line.equals("@Suite"))) {
                    List<String> members = new ArrayList<>();
                    MEMBER.matcher(source).results().forEach(member -> members.add(member.group(1).replace('.', '/') + ".java"));
                    suites.put(path, members);
                }
            }
        }
    }

    @Test
    void theApplicationTestsListedAreExactlyTheQuarkusTestsAndTheirSuites() throws IOException {
        List<String> expected = Stream.concat(quarkusTests.keySet().stream(), suites.keySet().stream()).sorted().toList();
        assertEquals(expected, listed("src/test/application-tests.txt"),
                "src/test/application-tests.txt (surefire leaves them out, failsafe runs them) against the @QuarkusTest classes");
    }

    @Test
    void everyProfileOfSeveralClassesRunsAsSuitesOfThatProfileOnly() throws IOException {
        Map<String, String> suiteOf = new TreeMap<>();
        suites.forEach((suite, members) -> {
            assertTrue(!members.isEmpty(), suite + " selects no class");
            for (String member : members) {
                assertTrue(quarkusTests.containsKey(member), suite + ": " + member + " is not a @QuarkusTest class");
                assertEquals(null, suiteOf.put(member, suite), member + " is in two suites");
                assertEquals(quarkusTests.get(members.get(0)), quarkusTests.get(member),
                        suite + ": " + member + " has another test profile than " + members.get(0));
            }
        });
        Map<String, List<String>> byProfile = quarkusTests.keySet().stream().collect(Collectors.groupingBy(quarkusTests::get,
                TreeMap::new, Collectors.toList()));
        byProfile.forEach((profile, classes) -> {
            if (classes.size() > 1) {
                classes.forEach(test -> assertTrue(suiteOf.containsKey(test), test + " shares " + profile + " with "
                        + (classes.size() - 1) + " other classes: it belongs in a suite of that profile (io.profilesync.app)"));
            }
        });
        assertEquals(suiteOf.keySet().stream().toList(), listed("src/test/suite-members.txt"),
                "src/test/suite-members.txt (the classes the full build runs in their suites only) against the suites' members");
    }

    private static List<String> listed(String file) throws IOException {
        return Files.readAllLines(Path.of(file)).stream().filter(line -> !line.isBlank()).sorted().toList();
    }
}
