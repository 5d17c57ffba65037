package io.profilesync.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.testing.BadInputCorpus;
import io.profilesync.testing.BadInputCorpus.Case;

/**
 * The whole bad-input corpus dropped at once and named in one S3 event, through the packaged splitter: each
 * file gets its error in its own manifest (file level) or rejected-rows report (row level) and on the console,
 * one bad file never stops the others (a good file under a key with spaces and non-ASCII characters among
 * them), and the function never logs a stack trace. The hostile files stop at their limits (the function's heap,
 * 512 MiB, sizes them) with nothing sent.
 */
class BadInputCorpusIT {

    private static final Pattern STACK_TRACE = Pattern.compile("^\\s+at [\\w.$]+\\(|^Caused by:|Exception in thread");
    private static final String GOOD_KEY = "incoming/März export/kunden liste é.csv";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyBrokenFileGetsItsOwnClearErrorAndTheGoodOneGoesThrough() {
        List<Case> corpus = new ArrayList<>(BadInputCorpus.fileLevel());
        List<String> hostile = BadInputCorpus.hostile().stream().map(Case::name).toList();
        corpus.addAll(BadInputCorpus.rowLevel());
        List<String> functionLog = new CopyOnWriteArrayList<>();
        try (LocalPipeline pipeline = new LocalPipeline(Path.of(System.getProperty("local.runner-jar")), "512m",
                functionLog::add)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                Case broken = corpus.get(i);
                String folder = "corpus-" + i;
                if (broken.mapping() != null) {
                    String extension = broken.mappingName().substring(broken.mappingName().lastIndexOf('.'));
                    pipeline.put("mappings/" + folder + extension, BadInputCorpus.bytes(broken.mapping()));
                }
                keys.add("incoming/" + folder + "/" + broken.fileName());
                pipeline.put(keys.get(i), broken.content());
            }
            pipeline.put(GOOD_KEY, BadInputCorpus.bytes("user_id,email,email_optin\nu1,ann@example.com,yes\n"));
            keys.add(GOOD_KEY);

            JsonNode outcomes = pipeline.splitUploaded(keys);

            assertEquals(keys.size(), outcomes.size(), "one outcome per record of the event");
            for (int i = 0; i < corpus.size(); i++) {
                Case broken = corpus.get(i);
                JsonNode manifest = pipeline.readJson("runs/" + outcomes.get(i).path("run_id").asText() + "/manifest.json")
                        .orElseThrow(() -> new AssertionError(broken + ": no manifest"));
                String console = console(manifest);
                if (broken.isFileLevel()) {
                    assertEquals("failed", outcomes.get(i).path("status").asText(), broken.name());
                    assertTrue(manifest.at("/errors/0/message").asText().contains(broken.expected()), broken + ": " + manifest);
                    assertTrue(console.contains("ERROR") && console.contains(broken.expected()), broken + ": " + console);
                    if (hostile.contains(broken.name())) {
                        assertEquals(0, manifest.path("rows").asLong(), broken.name());
                        manifest.path("destinations").forEach(destination -> assertEquals(0, destination.path("batches").asLong(),
                                broken + ": nothing sent"));
                    }
                } else {
                    assertEquals("succeeded", outcomes.get(i).path("status").asText(), broken.name());
                    String rejected = String.join("\n", pipeline.readLines(manifest.path("rejected_rows").asText(), 100));
                    assertTrue(rejected.contains("\"line\":" + broken.line()) && rejected.contains(broken.expected()),
                            broken + ": " + rejected);
                    assertEquals(2, manifest.at("/destinations/insider/accepted").asLong(), broken + ": the other rows go through");
                }
            }
            JsonNode good = outcomes.get(corpus.size());
            assertEquals("succeeded", good.path("status").asText());
            assertTrue(good.path("source").asText().endsWith(GOOD_KEY), good.toString());
        }
        assertFalse(functionLog.stream().anyMatch(line -> STACK_TRACE.matcher(line.substring(line.indexOf(']') + 1)).find()),
                "no stack trace in the function's log:\n" + String.join("\n", functionLog));
    }

    private static String console(JsonNode manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Summary.print(manifest, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
