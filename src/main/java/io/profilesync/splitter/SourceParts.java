package io.profilesync.splitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.profilesync.ingest.InputFormatException;
import io.profilesync.ingest.RangedFile;
import io.profilesync.run.SourceObject;
import io.profilesync.storage.ObjectStore;

/**
 * What a dropped object is read as: itself, or, for the {@code _SUCCESS} marker of a Parquet set, the set's parts.
 * A Parquet set is a folder whose name ends in {@code .parquet/} (as Spark and Databricks write a table, and as
 * an unload from Snowflake, BigQuery, Redshift or Athena is pointed at): its {@code .parquet} objects are its parts,
 * read in key order as one file, and the run starts once, on the {@code _SUCCESS} object written after the last
 * part (docs/parquet.md). A part never starts a run of its own. A {@code NAME.parquet-manifest} object instead lists
 * the parts, read in its order, in Redshift's manifest format
 * (https://docs.aws.amazon.com/redshift/latest/dg/loading-data-files-using-manifest.html: {@code {"entries":
 * [{"url": "s3://bucket/key", "mandatory": true, "meta": {"content_length": 5956875}}, ...]}}, as UNLOAD's
 * {@code MANIFEST} option writes it); the run reads them as the file {@code NAME.parquet}.
 */
final class SourceParts {

    static final String SET_SUFFIX = ".parquet/";
    static final String MARKER = "_SUCCESS";
    static final String MANIFEST_SUFFIX = ".parquet-manifest";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceParts() {
    }

    /** Whether a key is inside a Parquet set: a part, or any other object but its marker or a manifest. */
    static boolean isPart(String key) {
        return setFolder(key) >= 0 && !key.endsWith("/" + MARKER) && !isManifest(key);
    }

    /** Whether the object is a Parquet set's marker or a manifest: the run reads the set's parts. */
    static boolean isSet(SourceObject source) {
        return isMarker(source.key()) || isManifest(source.key());
    }

    /** The name the run reads the object by: the set's folder name for a set's marker, else the object's name. */
    static String fileName(SourceObject source) {
        String key = source.key();
        if (isManifest(key)) {
            String name = source.fileName();
            return name.substring(0, name.length() - "-manifest".length());
        }
        if (!isMarker(key)) {
            return source.fileName();
        }
        String folder = key.substring(0, key.length() - MARKER.length() - 1);
        return folder.substring(folder.lastIndexOf('/') + 1);
    }

    /**
     * The object as a file read by ranged GETs of its version, or a set's parts (their current versions) in order.
     * A file's length is asked of S3 when it is first needed (only Parquet needs it), not taken from the event.
     */
    static List<RangedFile> of(ObjectStore store, SourceObject source, String inputPrefix) {
        if (isManifest(source.key())) {
            return manifestParts(store, source, inputPrefix);
        }
        if (!isMarker(source.key())) {
            return List.of(ranged(store, source.bucket(), source.key(), source.versionId(),
                    () -> store.size(source.bucket(), source.key(), source.versionId())));
        }
        String folder = source.key().substring(0, source.key().length() - MARKER.length());
        return store.list(source.bucket(), folder).stream()
                .filter(key -> key.indexOf('/', folder.length()) < 0 && key.endsWith(".parquet"))
                .filter(key -> !key.startsWith("_", folder.length()) && !key.startsWith(".", folder.length()))
                .sorted()
                .map(key -> ranged(store, source.bucket(), key, null, () -> store.size(source.bucket(), key, null)))
                .toList();
    }

    private static RangedFile ranged(ObjectStore store, String bucket, String key, String versionId,
            LongSupplier length) {
        return RangedFile.of(key.substring(key.lastIndexOf('/') + 1), length,
                (start, end) -> store.openRange(bucket, key, versionId, start, end),
                () -> store.open(bucket, key, versionId));
    }

    /**
     * The parts a manifest lists, in its order. Each {@code url} must name an object under the input prefix of the
     * manifest's own bucket (the functions' roles read nothing else of the drop bucket); every part listed is read,
     * {@code mandatory} or not, and {@code meta.content_length} is not checked.
     */
    private static List<RangedFile> manifestParts(ObjectStore store, SourceObject source, String inputPrefix) {
        String name = source.fileName();
        JsonNode manifest;
        try (InputStream in = store.open(source.bucket(), source.key(), source.versionId())) {
            manifest = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw refused(name, "it is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.uri(), e);
        }
        JsonNode entries = manifest == null ? null : manifest.get("entries");
        if (entries == null || !entries.isArray()) {
            throw refused(name, "it has no \"entries\" array");
        }
        String inputUrl = "s3://" + source.bucket() + "/" + inputPrefix;
        List<RangedFile> parts = new ArrayList<>();
        for (JsonNode entry : entries) {
            String url = entry.path("url").asText("");
            if (!url.startsWith(inputUrl) || url.length() == inputUrl.length()) {
                throw refused(name, "entry " + (parts.size() + 1) + "'s url '" + url + "' is not an object under "
                        + inputUrl + ", where the manifest is");
            }
            String key = url.substring(("s3://" + source.bucket() + "/").length());
            OptionalLong size = store.size(source.bucket(), key);
            if (size.isEmpty()) {
                throw refused(name, "entry " + (parts.size() + 1) + "'s part " + url + " does not exist");
            }
            parts.add(ranged(store, source.bucket(), key, null, size::getAsLong));
        }
        return parts;
    }

    private static InputFormatException refused(String name, String rule) {
        return new InputFormatException(0, name + ": not a manifest of Parquet parts: " + rule + "; expected Redshift's"
                + " UNLOAD manifest, {\"entries\": [{\"url\": \"s3://bucket/key\"}, ...]}");
    }

    private static boolean isManifest(String key) {
        return key.endsWith(MANIFEST_SUFFIX) && key.length() > MANIFEST_SUFFIX.length()
                && key.charAt(key.length() - MANIFEST_SUFFIX.length() - 1) != '/';
    }

    private static boolean isMarker(String key) {
        return key.endsWith(SET_SUFFIX + MARKER);
    }

    private static int setFolder(String key) {
        return key.indexOf(SET_SUFFIX);
    }
}
