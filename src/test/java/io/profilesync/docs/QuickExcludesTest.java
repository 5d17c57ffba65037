package io.profilesync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The quick loop ({@code mvn -o test -Pquick}, docs/contributing.md) leaves out exactly the {@code @QuarkusTest}
 * classes, which src/test/quick-excludes.txt lists (surefire filters them before discovery, where Quarkus would
 * build the application for each).
 */
class QuickExcludesTest {

    @Test
    void theQuickLoopLeavesOutExactlyTheQuarkusTests() throws IOException {
        Path sources = Path.of("src/test/java");
        List<String> quarkusTests;
        try (Stream<Path> files = Files.walk(sources)) {
            quarkusTests = files.filter(file -> file.toString().endsWith(".java")).filter(QuickExcludesTest::isQuarkusTest)
                    .map(file -> sources.relativize(file).toString().replace('\\', '/')).sorted().toList();
        }
        assertEquals(quarkusTests, Files.readAllLines(Path.of("src/test/quick-excludes.txt")).stream()
                .filter(line -> !line.isBlank()).sorted().toList(), "src/test/quick-excludes.txt against the @QuarkusTest classes");
    }

    private static boolean isQuarkusTest(Path file) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line -> line.startsWith("@QuarkusTest"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
