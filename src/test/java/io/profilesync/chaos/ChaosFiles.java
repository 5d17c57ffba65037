package io.profilesync.chaos;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.SampleFiles;

/**
 * The files of a chaos run, all of one sync: the generated first file and newer files that carry some of its users
 * again with a newer first name ({@code Firstname17} becomes {@code Firstname17-g1}, then {@code Firstname17-g2}).
 * The generation a destination holds for a user is read back from the first name it was sent, whatever the destination calls
 * the attribute.
 */
final class ChaosFiles {

    private static final Pattern FIRST_NAME_CELL = Pattern.compile(",Firstname(\\d+)(?:-g\\d+)?,");
    private static final Pattern FIRST_NAME_VALUE = Pattern.compile("Firstname\\d+(?:-g(\\d+))?");

    private ChaosFiles() {
    }

    /**
     * One file of the run.
     *
     * @param users the user on each row: {@code users.get(line - 2)} is the one on source line {@code line}
     * @param generation 0 for the first file, then 1, 2, ...: the newer the file, the higher
     */
    record ChaosFile(Path path, List<String> users, int generation) {

        String userOnLine(long line) {
            return users.get((int) (line - 2));
        }

        long rows() {
            return users.size();
        }
    }

    /** The generated first file: {@code rows} users, {@link SampleFiles}' rows. */
    static ChaosFile first(long rows) throws IOException {
        Path file = SampleFiles.writeCsv(Files.createTempFile("chaos", ".csv"), rows);
        List<String> users = new ArrayList<>();
        for (long line = 2; line <= rows + 1; line++) {
            users.add(SampleFiles.userOnLine(line));
        }
        return new ChaosFile(file, List.copyOf(users), 0);
    }

    /**
     * A newer file of the same sync: the rows of {@code older} whose row number (1 for the first row) {@code keep}
     * accepts, each with the next generation's first name; every other value as it was.
     */
    static ChaosFile newer(ChaosFile older, LongPredicate keep) throws IOException {
        int generation = older.generation() + 1;
        Path file = Files.createTempFile("chaos-g" + generation + "-", ".csv");
        List<String> users = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(older.path(), StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(in.readLine());
            out.write('\n');
            long row = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                row++;
                if (!keep.test(row)) {
                    continue;
                }
                Matcher cell = FIRST_NAME_CELL.matcher(line);
                if (!cell.find()) {
                    throw new IllegalStateException(older.path() + " row " + row + " has no first name to make newer: " + line);
                }
                out.write(cell.replaceFirst(",Firstname$1-g" + generation + ","));
                out.write('\n');
                users.add(older.userOnLine(row + 1));
            }
        }
        return new ChaosFile(file, List.copyOf(users), generation);
    }

    /** The generation of the first name among these attributes (as a destination was sent them), or -1 when there is none. */
    static int generation(JsonNode attributes) {
        for (Map.Entry<String, JsonNode> attribute : (Iterable<Map.Entry<String, JsonNode>>) attributes::fields) {
            Matcher value = FIRST_NAME_VALUE.matcher(attribute.getValue().asText());
            if (value.matches()) {
                return value.group(1) == null ? 0 : Integer.parseInt(value.group(1));
            }
        }
        return -1;
    }
}
