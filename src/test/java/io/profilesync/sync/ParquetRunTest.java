package io.profilesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.poster.PosterProfile;
import io.profilesync.simulator.DestinationSimulatorResource;
import io.profilesync.splitter.S3Event;
import io.profilesync.splitter.SplitOutcome;
import io.profilesync.testing.LocalAwsResource;
import io.profilesync.testing.ParquetFiles;
import io.profilesync.testing.Pipeline;
import io.profilesync.testing.S3Events;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Parquet through the real triggers (the S3 event to the splitter, the chunks' SQS messages to the split-chunk
 * function, the batches to the poster against the destination simulators): a typed Parquet file ends as the same data
 * as CSV with the mapping's types ends; a struct column is refused by name, and skipped when the mapping ignores it;
 * a file of many row groups split in chunks ends as the file in one piece; a warehouse's folder of parts is one run,
 * and so are the parts a Redshift manifest lists.
 */
@QuarkusTest
@TestProfile(PosterProfile.class)
@QuarkusTestResource(LocalAwsResource.class)
class ParquetRunTest extends SyncTest {

    private static final String[] DESTINATIONS = {"insider", "xtremepush", "evergage"};
    /** The chunked runs' files: four row groups of 350 rows (one of the widest rows is over the profile's 16 KiB chunk). */
    private static final int GROUP_ROWS = 350;
    private static final int ROWS = 4 * GROUP_ROWS;

    /** Each type a warehouse writes, with a blank (NULL) and a value the mapping refuses (an email). */
    private static final String TYPED = """
            SELECT 'u' || i AS user_id,
                   CASE WHEN i = 7 THEN 'not-an-email' ELSE 'p' || i || '@example.com' END AS email,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '1980-01-01' + (i * 37)::INT END AS birthday,
                   TIMESTAMPTZ '2024-05-01 08:00:00+00' + to_seconds(i * 3601) AS last_seen,
                   i % 3 = 0 AS vip,
                   (i * 2.5)::DOUBLE AS score,
                   (i * 1000)::BIGINT AS orders,
                   (i * 1.25)::DECIMAL(10, 2) AS balance,
                   ['tag' || (i % 4), 'all'] AS tags,
                   'Name' || i AS first_name
            FROM range(1, 41) t(i)
            """;

    /** The same rows as CSV, as a CRM exports them: the mapping's types say what each column is. */
    private static String typedCsv() {
        StringBuilder csv = new StringBuilder("user_id,email,birthday,last_seen,vip,score,orders,balance,tags,first_name\n");
        for (int i = 1; i <= 40; i++) {
            java.time.Instant seen = java.time.Instant.parse("2024-05-01T08:00:00Z").plusSeconds(i * 3601L);
            csv.append('u').append(i).append(',').append(i == 7 ? "not-an-email" : "p" + i + "@example.com").append(',')
                    .append(i % 5 == 0 ? "" : java.time.LocalDate.of(1980, 1, 1).plusDays(i * 37L)).append(',')
                    // the same instants written with an offset, as a CSV often has them
                    .append(seen.atOffset(java.time.ZoneOffset.ofHours(2))).append(',')
                    .append(i % 3 == 0 ? "yes" : "no").append(',').append(i * 2.5).append(',').append(i * 1000).append(',')
                    .append(new java.math.BigDecimal(i).multiply(new java.math.BigDecimal("1.25")).setScale(2)).append(',')
                    .append("tag").append(i % 4).append("|all").append(',').append("Name").append(i).append('\n');
        }
        return csv.toString();
    }

    /** A part's rows, from the first number to before the second. */
    private static final String PART_ROWS = "SELECT 'u' || i AS user_id, 'c' || i || '@example.com' AS email,"
            + " i %% 2 = 0 AS email_optin FROM range(%d, %d) t(i)";

    private static final String TYPES = """
            types:
              birthday: date
              last_seen: datetime
              vip: boolean
              score: number
              orders: number
              balance: number
              tags: array
            """;

    @Test
    void aTypedParquetFileEndsAsTheSameDataAsCsvWithTheMappingsTypes() {
        Pipeline.put("mappings/typed-csv.yaml", TYPES);
        JsonNode csv = runs.run("incoming/typed-csv/users.csv", typedCsv());
        Map<String, Map<String, ?>> fromCsv = holdings();

        for (String codec : List.of("snappy", "gzip", "zstd", "uncompressed")) {
            simulator = DestinationSimulatorResource.fresh();
            byte[] parquet = ParquetFiles.of(TYPED, codec, 16);
            // no mapping: the file's own types are the mapping's
            JsonNode run = runs.runWithSize("incoming/typed-" + codec + "/users.parquet", parquet);

            assertTrue(run.get("complete").asBoolean(), run.toString());
            assertEquals(csv.get("rows"), run.get("rows"), codec);
            for (String destination : DESTINATIONS) {
                for (String count : List.of("accepted", "rejected", "delivered")) {
                    assertEquals(csv.at("/destinations/" + destination + "/" + count), run.at("/destinations/" + destination + "/" + count),
                            codec + " " + destination + " " + count);
                }
            }
            assertEquals(fromCsv, holdings(), codec + ": every destination holds what the CSV run gave it");
        }
        assertTrue(csv.at("/destinations/insider/rejected").asInt() > 0, "the bad email is rejected: " + csv);

        simulator = DestinationSimulatorResource.fresh();
        Pipeline.put("mappings/typed-parquet-mapped.yaml", TYPES);
        runs.runWithSize("incoming/typed-parquet-mapped/users.parquet", ParquetFiles.of(TYPED, "snappy", 16));
        assertEquals(fromCsv, holdings(), "the mapping's types on Parquet's own types change nothing");
    }

    @Test
    void aStructColumnIsRefusedNamingTheFileTheColumnAndTheRule() {
        byte[] parquet = ParquetFiles.of("SELECT 'u1' AS user_id, {'city': 'Cork', 'zip': 'T12'} AS address", "snappy", 16);

        JsonNode run = runs.runWithSize("incoming/nested/users.parquet", parquet);

        assertEquals(0, run.get("rows").asInt(), run.toString());
        String error = run.get("errors").get(0).get("message").asText();
        assertTrue(error.startsWith("users.parquet: column 'address' is a struct"), error);
        assertTrue(error.contains("export its fields as columns of their own"), error);
        for (String destination : DESTINATIONS) {
            assertTrue(simulator.holdings(destination).isEmpty(), destination + " was sent nothing");
        }
    }

    @Test
    void structAndMapColumnsTheMappingIgnoresAreSkippedWholeAndInChunks() {
        String columns = "'u' || i AS user_id, %s'c' || i || '@example.com' AS email, %si %% 2 = 0 AS email_optin";
        byte[] nested = ParquetFiles.inRowGroups(columns.formatted("{'city': 'Cork', 'zip': 'T' || i} AS address, ",
                "MAP {'visits': i} AS extras, [{'sku': 'a' || i}] AS orders, "), ROWS, GROUP_ROWS, "snappy");
        byte[] flat = ParquetFiles.inRowGroups(columns.formatted("", ""), ROWS, GROUP_ROWS, "snappy");
        for (String sync : List.of("nested-chunked", "nested-whole")) {
            Pipeline.put("mappings/" + sync + ".yaml", "ignore: [address, extras, orders]\n");
        }

        JsonNode chunked = runs.runWithSize("incoming/nested-chunked/users.parquet", nested);
        Map<String, Map<String, ?>> fromChunks = holdings();
        simulator = DestinationSimulatorResource.fresh();
        JsonNode whole = runs.run("incoming/nested-whole/users.parquet", nested);
        Map<String, Map<String, ?>> fromWhole = holdings();
        simulator = DestinationSimulatorResource.fresh();
        JsonNode withoutThem = runs.run("incoming/flat/users.parquet", flat);

        assertTrue(chunked.get("chunks").asInt() > 1, "split in chunks: " + chunked.get("chunks"));
        for (JsonNode run : List.of(chunked, whole)) {
            assertTrue(run.get("errors").isEmpty(), run.toString());
            assertEquals(ROWS, run.get("rows").asInt(), run.toString());
            for (String destination : DESTINATIONS) {
                assertEquals(withoutThem.at("/destinations/" + destination + "/delivered"), run.at("/destinations/" + destination + "/delivered"),
                        destination);
            }
        }
        assertEquals(holdings(), fromWhole, "the ignored columns change nothing that is sent");
        assertEquals(holdings(), fromChunks);
    }

    @Test
    void aParquetFileSplitInChunksByRowGroupsEndsAsTheFileInOnePiece() {
        // each row group over a 16 KiB chunk; some users twice, some bad emails
        byte[] parquet = ParquetFiles.inRowGroups("""
                'u' || (CASE WHEN i % 9 = 0 THEN i // 2 ELSE i END) AS user_id,
                CASE WHEN i % 97 = 0 THEN 'not-an-email' ELSE 'c' || i || '@example.com' END AS email,
                md5(i::VARCHAR) AS first_name, DATE '1970-01-01' + i::INT AS birthday, i % 2 = 0 AS email_optin,
                (i * 1.5)::DOUBLE AS score
                """, ROWS, GROUP_ROWS, "snappy");

        JsonNode chunked = runs.runWithSize("incoming/parquet-chunked/users.parquet", parquet);
        Map<String, Map<String, ?>> chunkedHoldings = holdings();
        simulator = DestinationSimulatorResource.fresh();
        JsonNode whole = runs.run("incoming/parquet-whole/users.parquet", parquet);

        assertTrue(chunked.get("chunks").asInt() > 3, "split in chunks: " + chunked.get("chunks"));
        assertEquals(1, whole.get("chunks").asInt());
        assertEquals(whole.get("rows"), chunked.get("rows"));
        assertEquals(ROWS, chunked.get("rows").asInt());
        assertEquals(whole.get("errors"), chunked.get("errors"));
        for (String destination : DESTINATIONS) {
            JsonNode inChunks = chunked.get("destinations").get(destination);
            JsonNode inOnePiece = whole.get("destinations").get(destination);
            for (String count : List.of("rows", "accepted", "rejected", "superseded", "new", "delivered", "failed")) {
                assertEquals(inOnePiece.get(count), inChunks.get(count), destination + " " + count);
            }
            assertTrue(inChunks.get("superseded").asInt() > 0, destination + " had users twice: " + inChunks);
        }
        assertTrue(chunked.at("/destinations/insider/rejected").asInt() > 0, "the bad emails are rejected");
        assertEquals(rows(whole.get("rejected_rows").asText()), rows(chunked.get("rejected_rows").asText()));
        assertEquals(holdings(), chunkedHoldings);
    }

    @Test
    void aFolderOfPartsIsOneRunStartedByItsSuccessMarker() {
        List<String> parts = List.of("incoming/parts/export.parquet/part-00000.snappy.parquet",
                "incoming/parts/export.parquet/part-00001.snappy.parquet",
                "incoming/parts/export.parquet/part-00002.snappy.parquet");
        for (int i = 0; i < parts.size(); i++) {
            Pipeline.put(parts.get(i), ParquetFiles.of(PART_ROWS.formatted(i * 30 + 1, i * 30 + 31), "snappy", 10));
        }

        List<SplitOutcome> partEvents = splitter.handle(parse(S3Events.created(LocalAwsResource.BUCKET,
                parts.toArray(String[]::new)))).outcomes();
        JsonNode run = runs.run("incoming/parts/export.parquet/_SUCCESS", new byte[0]);
        Map<String, Map<String, ?>> fromParts = holdings();
        simulator = DestinationSimulatorResource.fresh();
        JsonNode whole = runs.runWithSize("incoming/parts-whole/export.parquet",
                ParquetFiles.of(PART_ROWS.formatted(1, 91), "snappy", 10));

        partEvents.forEach(outcome -> assertEquals(SplitOutcome.IGNORED, outcome.status(), outcome.toString()));
        assertEquals(90, run.get("rows").asInt(), run.toString());
        for (String destination : DESTINATIONS) {
            assertEquals(whole.at("/destinations/" + destination + "/accepted"), run.at("/destinations/" + destination + "/accepted"), destination);
        }
        assertEquals(holdings(), fromParts);
    }

    @Test
    void aRedshiftManifestIsOneRunOfThePartsItListsInItsOrder() {
        String folder = "incoming/redshift/unload.parquet/";
        List<String> parts = List.of(folder + "users_0001_part_00.parquet", folder + "users_0000_part_00.parquet");
        for (int i = 0; i < parts.size(); i++) {
            Pipeline.put(parts.get(i), ParquetFiles.of(PART_ROWS.formatted(i * 30 + 1, i * 30 + 31), "snappy", 10));
        }
        // in the folder, not in the manifest: not read
        Pipeline.put(folder + "users_0002_part_00.parquet", ParquetFiles.of(PART_ROWS.formatted(1000, 1030), "snappy", 10));
        String entries = String.join(",", parts.stream().map(key -> "{\"url\":\"s3://" + LocalAwsResource.BUCKET + "/"
                + key + "\",\"meta\":{\"content_length\":1}}").toList());

        JsonNode run = runs.run("incoming/redshift/users.parquet-manifest", "{\"entries\":[" + entries + "]}");
        Map<String, Map<String, ?>> fromManifest = holdings();
        simulator = DestinationSimulatorResource.fresh();
        JsonNode whole = runs.run("incoming/redshift-whole/users.parquet",
                ParquetFiles.of(PART_ROWS.formatted(1, 61), "snappy", 10));

        assertTrue(run.get("errors").isEmpty(), run.toString());
        assertEquals(60, run.get("rows").asInt(), run.toString());
        for (String destination : DESTINATIONS) {
            assertEquals(whole.at("/destinations/" + destination + "/accepted"), run.at("/destinations/" + destination + "/accepted"), destination);
        }
        assertEquals(holdings(), fromManifest);
    }

    @Test
    void aManifestThatIsNotRedshiftsOrListsAnotherBucketOrAMissingPartFailsTheRunPlainly() {
        String missing = "s3://" + LocalAwsResource.BUCKET + "/incoming/gone.parquet/p.parquet";
        Map<String, String> manifests = Map.of(
                "[\"part.parquet\"]", "it has no \"entries\" array",
                "{\"entries\":[{\"url\":\"s3://another-bucket/x.parquet\"}]}",
                "entry 1's url 's3://another-bucket/x.parquet' is not an object under s3://" + LocalAwsResource.BUCKET
                        + "/incoming/",
                "{\"entries\":[{\"url\":\"s3://" + LocalAwsResource.BUCKET + "/unload/x.parquet\"}]}",
                "entry 1's url 's3://" + LocalAwsResource.BUCKET + "/unload/x.parquet' is not an object under",
                "{\"entries\":[{\"url\":\"" + missing + "\"}]}", "entry 1's part " + missing + " does not exist",
                "entries: []", "it is not JSON");
        int i = 0;
        for (Map.Entry<String, String> manifest : manifests.entrySet()) {
            JsonNode run = runs.run("incoming/bad-manifest/m" + i++ + ".parquet-manifest", manifest.getKey());

            assertEquals(0, run.get("rows").asInt(), run.toString());
            String error = run.get("errors").get(0).get("message").asText();
            assertTrue(error.startsWith("m" + (i - 1) + ".parquet-manifest: not a manifest of Parquet parts: "
                    + manifest.getValue()), error);
        }
    }

    private S3Event parse(String event) {
        try {
            return json.readValue(event, S3Event.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Map<String, ?>> holdings() {
        Map<String, Map<String, ?>> holdings = new TreeMap<>();
        for (String destination : DESTINATIONS) {
            holdings.put(destination, simulator.holdings(destination));
        }
        return holdings;
    }

    private static List<String> rows(String key) {
        List<String> rows = new ArrayList<>();
        Pipeline.readJsonLines(key).forEach(row -> rows.add(row.toString()));
        return rows;
    }
}
