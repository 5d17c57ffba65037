package io.profilesync.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The test-only AWS SDK global interceptors as a jar for the function JVMs: their registration
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}, from {@code src/test/sdk-recorder}) and their
 * classes ({@code testing.ConditionalWrites}, {@code SdkCallRecorder}, {@code S3Faults}, which use nothing else of the
 * test sources). A jar, not the two folders, because a JVM recording a class archive refuses a class path with a folder
 * it loaded classes from ({@link FunctionClassArchive}). Named by its content, written once, side by side safely.
 */
final class AwsBehaviourJar {

    static final List<String> INTERCEPTORS = List.of("ConditionalWrites", "SdkCallRecorder", "S3Faults");
    private static final String PACKAGE = "io/profilesync/testing/";
    private static final String REGISTRATION = "software/amazon/awssdk/global/handlers/execution.interceptors";

    private AwsBehaviourJar() {
    }

    static Path of(Path directory, Path testClasses, Path registrationRoot) {
        try {
            List<Path> classes = new ArrayList<>();
            try (Stream<Path> files = Files.list(testClasses.resolve(PACKAGE))) {
                files.filter(AwsBehaviourJar::isInterceptorClass).sorted().forEach(classes::add);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] registration = Files.readAllBytes(registrationRoot.resolve(REGISTRATION));
            digest.update(registration);
            for (Path type : classes) {
                digest.update(type.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(type));
            }
            Files.createDirectories(directory);
            Path jar = directory.resolve("aws-behaviour-" + HexFormat.of().formatHex(digest.digest(), 0, 8) + ".jar");
            if (!Files.isRegularFile(jar)) {
                Path written = Files.createTempFile(directory, "aws-behaviour", ".jar.tmp");
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(written))) {
                    put(out, REGISTRATION, registration);
                    for (Path type : classes) {
                        put(out, PACKAGE + type.getFileName(), Files.readAllBytes(type));
                    }
                }
                Files.move(written, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the AWS behaviour jar in " + directory, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isInterceptorClass(Path file) {
        String name = file.getFileName().toString();
        return INTERCEPTORS.stream().anyMatch(type -> name.equals(type + ".class") || name.startsWith(type + "$"));
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }
}
