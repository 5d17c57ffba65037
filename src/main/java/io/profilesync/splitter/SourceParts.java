package io.profilesync.splitter;

import java.util.List;

import io.profilesync.ingest.RangedFile;
import io.profilesync.run.SourceObject;
import io.profilesync.storage.ObjectStore;

/**
 * What a dropped object is read as: itself, or, for the {@code _SUCCESS} marker of a Parquet set, the set's parts.
 * A Parquet set is a folder whose name ends in {@code .parquet/} (as Spark and Databricks write a table, and as
 * an unload from Snowflake, BigQuery, Redshift or Athena is pointed at): its {@code .parquet} objects are its parts,
 * read in key order as one file, and the run starts once, on the {@code _SUCCESS} object written after the last
 * part (docs/parquet.md). A part never starts a run of its own.
 */
final class SourceParts {

    static final String SET_SUFFIX = ".parquet/";
    static final String MARKER = "_SUCCESS";

    private SourceParts() {
    }

    /** Whether a key is inside a Parquet set: a part, or any other object but its marker. */
    static boolean isPart(String key) {
        return setFolder(key) >= 0 && !key.endsWith("/" + MARKER);
    }

    /** Whether the object is a Parquet set's marker: the run reads the set's parts. */
    static boolean isSet(SourceObject source) {
        return isMarker(source.key());
    }

    /** The name the run reads the object by: the set's folder name for a set's marker, else the object's name. */
    static String fileName(SourceObject source) {
        String key = source.key();
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
    static List<RangedFile> of(ObjectStore store, SourceObject source) {
        if (!isMarker(source.key())) {
            return List.of(ranged(store, source.bucket(), source.key(), source.versionId()));
        }
        String folder = source.key().substring(0, source.key().length() - MARKER.length());
        return store.list(source.bucket(), folder).stream()
                .filter(key -> key.indexOf('/', folder.length()) < 0 && key.endsWith(".parquet"))
                .filter(key -> !key.startsWith("_", folder.length()) && !key.startsWith(".", folder.length()))
                .sorted()
                .map(key -> ranged(store, source.bucket(), key, null))
                .toList();
    }

    private static RangedFile ranged(ObjectStore store, String bucket, String key, String versionId) {
        return RangedFile.of(key.substring(key.lastIndexOf('/') + 1), () -> store.size(bucket, key, versionId),
                (start, end) -> store.openRange(bucket, key, versionId, start, end),
                () -> store.open(bucket, key, versionId));
    }

    private static boolean isMarker(String key) {
        return key.endsWith(SET_SUFFIX + MARKER);
    }

    private static int setFolder(String key) {
        return key.indexOf(SET_SUFFIX);
    }
}
