package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionClassArchiveTest {

    @TempDir
    Path directory;

    @Test
    void theFirstProcessRecordsTheArchiveTheOthersStartWithoutOneUntilItIsPublishedThenMapIt() throws IOException {
        String classpath = jar("runner.jar", "v1") + File.pathSeparator + directory.resolve("classes");

        FunctionClassArchive first = FunctionClassArchive.of(directory, classpath);
        FunctionClassArchive meanwhile = FunctionClassArchive.of(directory, classpath);

        assertTrue(first.records());
        assertFalse(meanwhile.records(), "one process records a function's archive at a time");
        assertEquals(List.of(), meanwhile.jvmOptions(), "no archive yet: a plain start");
        Path archive = recordAsTheJvmWould(first);
        first.processEnded(true);
        meanwhile.processEnded(true);

        assertEquals(List.of(archive.getFileName().toString()), files(), "published, marker and recording gone");
        FunctionClassArchive later = FunctionClassArchive.of(directory, classpath);
        assertFalse(later.records());
        assertTrue(later.jvmOptions().contains("-XX:SharedArchiveFile=" + archive), later.jvmOptions().toString());
        assertTrue(later.jvmOptions().contains("-Xlog:cds*=off"), "the JVM's CDS notes never reach a console");
    }

    @Test
    void aRecordingProcessThatWasKilledPublishesNothingAndTheNextProcessRecords() throws IOException {
        String classpath = jar("runner.jar", "v1").toString();
        FunctionClassArchive killed = FunctionClassArchive.of(directory, classpath);
        recordAsTheJvmWould(killed);

        killed.processEnded(false);

        assertEquals(List.of(), files(), "a recording cut short is never used");
        FunctionClassArchive next = FunctionClassArchive.of(directory, classpath);
        assertTrue(next.records());
        killed.processEnded(false);
        assertFalse(FunctionClassArchive.of(directory, classpath).records(),
                "the killed process, closed again later, leaves the next recorder's marker alone");
    }

    @Test
    void aMarkerLeftByAHarnessThatDiedIsTakenOverOnceItIsOld() throws IOException {
        String classpath = jar("runner.jar", "v1").toString();
        FunctionClassArchive abandoned = FunctionClassArchive.of(directory, classpath);
        assertTrue(abandoned.records());
        Path marker;
        try (Stream<Path> listed = Files.list(directory)) {
            marker = listed.filter(file -> file.toString().endsWith(".lock")).findFirst().orElseThrow();
        }
        assertFalse(FunctionClassArchive.of(directory, classpath).records(), "a fresh marker is respected");

        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minus(FunctionClassArchive.ABANDONED).minusSeconds(60)));

        assertTrue(FunctionClassArchive.of(directory, classpath).records());
    }

    @Test
    void aRebuiltJarGetsANewArchiveAndPublishingItDeletesTheOlderOne() throws IOException {
        Path runner = jar("runner.jar", "v1");
        FunctionClassArchive first = FunctionClassArchive.of(directory, runner.toString());
        Path old = recordAsTheJvmWould(first);
        first.processEnded(true);
        Files.writeString(runner, "v2, longer");

        FunctionClassArchive rebuilt = FunctionClassArchive.of(directory, runner.toString());

        assertTrue(rebuilt.records(), "the old archive does not fit the rebuilt jar");
        Path renewed = recordAsTheJvmWould(rebuilt);
        rebuilt.processEnded(true);
        assertNotEquals(old, renewed);
        assertEquals(List.of(renewed.getFileName().toString()), files());
    }

    /** Writes the file the JVM's -XX:ArchiveClassesAtExit names; answers where it will be published. */
    private static Path recordAsTheJvmWould(FunctionClassArchive archive) throws IOException {
        String option = archive.jvmOptions().stream().filter(value -> value.startsWith("-XX:ArchiveClassesAtExit="))
                .findFirst().orElseThrow();
        Path recording = Path.of(option.substring(option.indexOf('=') + 1));
        Files.writeString(recording, "classes");
        String name = recording.getFileName().toString();
        return recording.resolveSibling(name.substring(0, name.indexOf(".jsa") + 4));
    }

    private Path jar(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.map(path -> path.getFileName().toString()).filter(name -> !name.endsWith(".jar")).sorted().toList();
        }
    }
}
