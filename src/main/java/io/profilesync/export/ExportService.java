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

import io.profilesync.common.LastOccurrences;
import io.profilesync.guard.DeliveryGuards;
import io.profilesync.storage.MultipartUpload;
import io.profilesync.storage.ObjectStore;
import io.profilesync.destination.evergage.EvergageGateway;
import io.profilesync.destination.evergage.EvergageSettings;
import io.profilesync.destination.evergage.EvergageDestination;
import io.profilesync.destination.evergage.UserExportQuery;

/**
 * Exports users from Evergage's User Export API into S3: every page through the same fault tolerance as the
 * poster (a failed page is retried), until an empty page; the same user may appear more than once, and only
 * its last record is kept. Records stream through a local temporary file, never all in memory (only the user
 * ids' hashes are), and the export file is a multipart upload that only appears, with its manifest, when complete.
 */
@ApplicationScoped
public class ExportService {

    private static final Logger LOG = Logger.getLogger(ExportService.class);
    private static final String ID_FIELD_SETTING = "profile-sync.export.id-field, or the schedule's idField";
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
        JsonNode detail = detail(event.detail());
        UserExportQuery query = query(event, detail);
        String idField = option(detail, "idField", event.idField(), settings.idField());
        if (idField.isBlank()) {
            throw new IllegalArgumentException("the export's id field is empty: set profile-sync.export.id-field "
                    + "or the schedule's idField to the record field that identifies a user");
        }
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
            Pass pass = readAllPages(query, idField, records);
            long written = writeLastRecords(pass, records, bucket, key, query.format());
            result = new ExportResult("succeeded", query, idField, bucket, key, manifest, pass.pages, pass.read, pass.read - written,
                    written, started.toString(), Instant.now().toString(), null);
        } catch (Exception e) {
            String problem = e instanceof ExportException ? e.getMessage() : e.toString();
            LOG.errorf("export of %s failed: %s", query.dataset(), problem);
            result = new ExportResult("failed", query, idField, bucket, null, manifest, 0, 0, 0, 0, started.toString(),
                    Instant.now().toString(), problem);
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
    private Pass readAllPages(UserExportQuery query, String idField, Path records) throws Exception {
        Pass pass = new Pass(idField);
        try (BufferedWriter out = Files.newBufferedWriter(records, StandardCharsets.UTF_8)) {
            for (int page = 0;; page++) {
                if (page >= settings.maxPages()) {
                    throw new ExportException("no empty page after " + page + " pages (profile-sync.export.max-pages)");
                }
                int number = page;
                ExportPages.Page read = guards.call(EvergageDestination.NAME, ExportPages.Page.class,
                        () -> ExportPages.parse(query.format(), evergage.exportPage(query, number)));
                pass.pages++;
                if (read.isEmpty()) {
                    return pass;
                }
                if (pass.header.isEmpty() && !read.header().isEmpty()) {
                    pass.header = read.header();
                    pass.idColumn = read.header().indexOf(idField);
                    if (pass.idColumn < 0) {
                        throw new ExportException("the CSV header of page=" + number + " has no column \"" + idField
                                + "\", the id field (" + ID_FIELD_SETTING + ")");
                    }
                }
                for (int i = 0; i < read.records().size(); i++) {
                    JsonNode record = read.records().get(i);
                    String id = ExportPages.id(record, idField, pass.idColumn);
                    // an empty id would make every such record one user: only the last would be kept
                    if (id.isBlank()) {
                        throw new ExportException("record " + (i + 1) + " of page=" + number + " has no value for the id field \""
                                + idField + "\" (" + ID_FIELD_SETTING + ")");
                    }
                    pass.last.put(id, pass.read++);
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
                if (pass.last.last(ExportPages.id(record, pass.idField, pass.idColumn)) == ordinal) {
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
    private UserExportQuery query(ScheduleEvent event, JsonNode detail) {
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
        final String idField;
        List<String> header = List.of();
        int idColumn;
        int pages;
        long read;

        Pass(String idField) {
            this.idField = idField;
        }
    }

    /** An export that cannot go on, with a plain message for the manifest. */
    private static final class ExportException extends IllegalStateException {

        ExportException(String message) {
            super(message);
        }
    }
}
