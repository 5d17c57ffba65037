package io.profilesync.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive for the functions' JVMs (JDK 17's dynamic AppCDS, JEP 350): the first function process
 * records the classes it loaded when it exits ({@code -XX:ArchiveClassesAtExit}); every later one maps them instead of
 * loading them from the jars ({@code -XX:SharedArchiveFile}). A function's JVM starts in about half the CPU time so
 * (1.1 s instead of 2.1 s on the development machine), and the local runs and integration tests start dozens of them.
 * One archive serves every function: they share the application and differ only in their export, and recording costs
 * a JVM several seconds as it exits. A speed-up of this harness only: it changes no behaviour, and Lambda itself
 * restores functions from SnapStart snapshots.
 * <p>
 * The archive lives beside the runner jar ({@code target/function-jvm/}), named by what it depends on (the Java
 * runtime, the class path with each entry's size and time): a rebuilt jar gets a new archive, and older ones are
 * deleted. One process at a time records it (a marker file, taken over when older than {@link #ABANDONED}); the others
 * start without one meanwhile. The JVM checks an archive before it maps it (heap size, collector and the classes a
 * function loads may differ from the recording's) and ignores what it cannot use, and its CDS log lines are turned
 * off, so a missing or refused archive costs only speed.
 */
final class FunctionClassArchive {

    /** {@code -Dprofile-sync.function-class-archive=false} starts every function JVM without one (to measure it). */
    static final String SWITCH = "profile-sync.function-class-archive";
    /** A recording marker this old belongs to a harness that died before its function exited. */
    static final Duration ABANDONED = Duration.ofMinutes(10);
    private static final List<String> QUIET = List.of("-Xlog:cds*=off", "-Xlog:class+path=off");
    private static final String NAME = "functions";

    private final Path archive;
    private final Path recording;
    private final Path marker;
    private final boolean enabled;
    /** Whether this process records the archive and has not ended yet (the marker is its own until then). */
    private boolean records;

    private FunctionClassArchive(Path archive, boolean records, boolean enabled) {
        this.archive = archive;
        this.recording = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".recording");
        this.marker = archive.resolveSibling(archive.getFileName() + ".lock");
        this.records = records;
        this.enabled = enabled;
    }

    /** The archive for a function JVM started with this class path; recording it when no process has or does. */
    static FunctionClassArchive of(Path directory, String classpath) {
        try {
            Files.createDirectories(directory);
            Path archive = directory.resolve(NAME + "-" + key(classpath) + ".jsa");
            if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
                return new FunctionClassArchive(archive, false, false);
            }
            if (Files.isRegularFile(archive)) {
                return new FunctionClassArchive(archive, false, true);
            }
            return new FunctionClassArchive(archive, takeMarker(archive.resolveSibling(archive.getFileName() + ".lock")), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the class archive in " + directory, e);
        }
    }

    private static boolean takeMarker(Path marker) throws IOException {
        try {
            Files.createFile(marker);
            return true;
        } catch (FileAlreadyExistsException held) {
            FileTime taken = Files.getLastModifiedTime(marker);
            if (taken.toInstant().isBefore(Instant.now().minus(ABANDONED))) {
                Files.setLastModifiedTime(marker, FileTime.from(Instant.now()));
                return true;
            }
            return false;
        }
    }

    /** The JVM options that map the archive, or record it at exit. */
    List<String> jvmOptions() {
        if (!enabled) {
            return List.of();
        }
        if (records) {
            return concat(QUIET, "-XX:ArchiveClassesAtExit=" + recording);
        }
        return Files.isRegularFile(archive) ? concat(QUIET, "-XX:SharedArchiveFile=" + archive) : List.of();
    }

    private static List<String> concat(List<String> options, String option) {
        return Stream.concat(options.stream(), Stream.of(option)).toList();
    }

    /**
     * After the function's process ended: a recording process that shut down (the JVM writes the archive as it exits)
     * publishes its archive; one that crashed or was killed publishes none, and the next function process records it.
     * Said once: a second call (a killed process closed later) leaves alone the marker another process may hold by then.
     */
    void processEnded(boolean shutDown) {
        if (!records) {
            return;
        }
        records = false;
        try {
            if (shutDown && Files.isRegularFile(recording)) {
                Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                deleteOlderArchives();
            }
            Files.deleteIfExists(recording);
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the class archive " + archive, e);
        }
    }

    private void deleteOlderArchives() throws IOException {
        try (Stream<Path> files = Files.list(archive.getParent())) {
            for (Path older : files.filter(file -> file.getFileName().toString().matches(NAME + "-[0-9a-f]{16}\\.jsa") && !file.equals(archive)).toList()) {
                Files.deleteIfExists(older);
            }
        }
    }

    /**
     * Whether this process records the archive and has not ended (its exit then takes a few seconds more, for the JVM
     * to write it).
     */
    boolean records() {
        return records;
    }

    private static String key(String classpath) throws IOException {
        StringBuilder parts = new StringBuilder(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version"));
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            parts.append('\n').append(entry);
            if (Files.isRegularFile(path)) {
                parts.append(' ').append(Files.size(path)).append(' ').append(Files.getLastModifiedTime(path).toMillis());
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(parts.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
