package io.profilesync.export;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.delivery.DeliveryGuards;
import io.profilesync.storage.MultipartUpload;
import io.profilesync.storage.ObjectStore;
import io.profilesync.vendor.evergage.EvergageSettings;
import io.profilesync.vendor.evergage.EvergageGateway;
import io.profilesync.vendor.evergage.EvergageVendor;
import io.profilesync.vendor.evergage.UserExportQuery;

/**
 * Exports users from Evergage's User Export API into S3: every page through the same fault tolerance as the
 * poster (a failed page is retried), until an empty page; the same user may appear more than once, and only
 * its last record is kept. Records stream through a local temporary file, never all in memory (only the user
 * ids' hashes are), and the export file is a multipart upload that only appears, with its manifest, when complete.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final EvergageGateway evergage;
    private final DeliveryGuards guards;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final ExportSettings settings;
    private final EvergageSettings evergageSettings;

    public ExportService(EvergageGateway evergage, DeliveryGuards guards, ObjectStore store, ObjectMapper json,
            ExportSettings settings, EvergageSettings evergageSettings) {
        this.evergage = evergage;
        this.guards = guards;
        this.store = store;
        this.json = json;
        this.settings = settings;
        this.evergageSettings = evergageSettings;
    }

    public ExportResult export(ScheduleEvent event) {
        UserExportQuery query = query(event);
        String bucket = settings.bucket().orElseThrow(() -> new IllegalStateException("set profile-sync.export.bucket"));
        Instant started = Instant.now();
        String base = settings.prefix() + query.dataset() + "/" + started.atZone(ZoneOffset.UTC).toLocalDate()
                + "/users-" + FILE_TIME.format(started);
        String key = base + ("csv".equals(query.format()) ? ".csv" : ".jsonl");
        String manifest = base + ".manifest.json";
        Path records = null;
        ExportResult result;
        try {
            records = Files.createTempFile("evergage-export", ".jsonl");
            Pass pass = readAllPages(query, records);
            long written = writeLastRecords(pass, records, bucket, key, query.format());
            result = new ExportResult("succeeded", query, bucket, key, manifest, pass.pages, pass.read, pass.read - written,
                    written, started.toString(), Instant.now().toString(), null);
        } catch (Exception e) {
            LOG.errorf("export of %s failed: %s", query.dataset(), e.toString());
            result = new ExportResult("failed", query, bucket, null, manifest, 0, 0, 0, 0, started.toString(),
                    Instant.now().toString(), e.toString());
        } finally {
            delete(records);
        }
        store.putJson(bucket, manifest, result);
        LOG.infof("export of %s: %s, %d pages, %d records read, %d duplicates removed, %d written to %s", query.dataset(),
                result.status(), result.pages(), result.recordsRead(), result.duplicatesRemoved(), result.recordsWritten(),
                result.key());
        return result;
    }

    /** Pass one: every page into the temporary file, remembering each user's last record. */
    private Pass readAllPages(UserExportQuery query, Path records) throws Exception {
        Pass pass = new Pass();
        try (BufferedWriter out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            for (int page = 0;; page++) {
                if (page >= settings.maxPages()) {
                    throw new IllegalStateException("no empty page after " + page + " pages");
                }
                int number = page;
                ExportPages.Page read = guards.call(EvergageVendor.NAME, ExportPages.Page.class,
                        () -> ExportPages.parse(query.format(), evergage.exportPage(query, number)));
                pass.pages++;
                if (read.isEmpty()) {
                    return pass;
                }
                if (pass.header.isEmpty() && !read.header().isEmpty()) {
                    pass.header = read.header();
                    pass.nameColumn = Math.max(0, read.header().indexOf("name"));
                }
                for (JsonNode record : read.records()) {
                    pass.last.put(ExportPages.name(record, pass.nameColumn), pass.read++);
                    out.write(json.writeValueAsString(record));
                    out.newLine();
                }
            }
        }
    }

    /** Pass two: the file again, keeping each user's last record only, streamed into a multipart upload. */
    private long writeLastRecords(Pass pass, Path records, String bucket, String key, String format) throws IOException {
        MultipartUpload upload = store.multipart(bucket, key, "csv".equals(format) ? "text/csv" : ObjectStore.JSON_LINES);
        long written = 0;
        try (BufferedReader in = Files.newBufferedReader(records, StandardCharsets.UTF_8)) {
            if (!pass.header.isEmpty()) {
                upload.write(ExportPages.csvLine(pass.header));
            }
            long ordinal = 0;
            for (String line = in.readLine(); line != null; line = in.readLine(), ordinal++) {
                JsonNode record = json.readTree(line);
                if (pass.last.last(ExportPages.name(record, pass.nameColumn)) == ordinal) {
                    write(upload, record, line);
                    written++;
                }
            }
            upload.commit();
            return written;
        } catch (IOException | RuntimeException e) {
            upload.abort();
            throw e;
        }
    }

    private static void write(OutputStream out, JsonNode record, String line) throws IOException {
        if (record.isArray()) {
            List<String> fields = new ArrayList<>();
            record.forEach(field -> fields.add(field.asText()));
            out.write(ExportPages.csvLine(fields));
        } else {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    /** The schedule's input over the configured defaults; the window ends at the schedule's time. */
    UserExportQuery query(ScheduleEvent event) {
        JsonNode detail = detail(event.detail());
        Instant end = event.end() != null ? Instant.ofEpochMilli(event.end())
                : Optional.ofNullable(event.time()).map(Instant::parse).orElseGet(Instant::now);
        long endMillis = longOption(detail, "end", end.toEpochMilli());
        long startMillis = longOption(detail, "start",
                event.start() != null ? event.start() : end.minus(settings.window()).toEpochMilli());
        String format = option(detail, "format", event.format(), settings.format());
        if (!format.equals("json") && !format.equals("csv")) {
            throw new IllegalArgumentException("export format must be json or csv, not " + format);
        }
        return new UserExportQuery(option(detail, "dataset", event.dataset(), settings.dataset().orElse(evergageSettings.dataset())),
                format, (int) longOption(detail, "pageSize", event.pageSize() != null ? event.pageSize() : settings.pageSize()),
                option(detail, "filter", event.filter(), null), option(detail, "segmentId", event.segmentId(), null),
                option(detail, "segmentationId", event.segmentationId(), null),
                detail.has("includeGeo") ? Boolean.valueOf(detail.get("includeGeo").asBoolean()) : event.includeGeo(),
                startMillis, endMillis);
    }

    private JsonNode detail(JsonNode detail) {
        if (detail == null || detail.isNull()) {
            return json.createObjectNode();
        }
        if (detail.isTextual()) {
            try {
                return json.readTree(detail.asText());
            } catch (IOException e) {
                throw new IllegalArgumentException("the schedule's detail is not JSON: " + e.getMessage(), e);
            }
        }
        return detail;
    }

    private static String option(JsonNode detail, String field, String topLevel, String fallback) {
        if (detail.hasNonNull(field)) {
            return detail.get(field).asText();
        }
        return topLevel != null ? topLevel : fallback;
    }

    private static long longOption(JsonNode detail, String field, long fallback) {
        return detail.hasNonNull(field) ? detail.get(field).asLong() : fallback;
    }

    private static void delete(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.debugf("cannot remove %s: %s", file, e);
        }
    }

    /** What pass one learned. */
    private static final class Pass {
        final LastOccurrences last = new LastOccurrences();
        List<String> header = List.of();
        int nameColumn;
        int pages;
        long read;
    }
}
