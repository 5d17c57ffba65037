package io.profilesync.splitter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.splitting.Rejection;
import io.profilesync.splitting.RejectionSink;
import io.profilesync.splitting.RemovedSink;
import io.profilesync.splitting.RemovedSink.Action;
import io.profilesync.splitting.SupersededSink;
import io.profilesync.storage.ObjectStore;
import io.profilesync.destination.Identifiers;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A report of rows as JSON lines: the rejected-rows report (one line per broken rule) or the superseded-rows
 * report (one line per row a later row of the same user replaced) or the removed-users report (one line per user
 * a snapshot sync's file no longer holds) or the identifier-changes report (one line per user whose identifier changed
 * while its key stayed). Written to a local temporary file while the
 * input streams (it can be as long as the input), then uploaded once.
 */
final class RowsReport implements RejectionSink, SupersededSink, RemovedSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RowsReport.class);
    private static final int LOGGED = 20;

    private final Path file;
    private final BufferedWriter out;
    private final ObjectWriter json;
    private final String source;
    private long count;

    RowsReport(ObjectMapper json, String source, String name) {
        this.json = json.writer();
        this.source = source;
        try {
            this.file = Files.createTempFile(name, ".jsonl");
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + name + " report", e);
        }
    }

    @Override
    public void reject(Rejection rejection) {
        if (count < LOGGED) {
            LOG.warnf("rejected: %s %s", source, rejection);
        } else if (count == LOGGED) {
            LOG.warnf("more rejections in %s: see the rejected-rows report", source);
        }
        count++;
        write(rejection);
    }

    @Override
    public void superseded(long line, String destination, long supersededBy) {
        write(new SupersededRow(line, destination, supersededBy));
    }

    @Override
    public void removed(String destination, String key, Action action, long ref) {
        write(new RemovedUser(destination, key, action.name().toLowerCase(Locale.ROOT), ref == 0 ? null : ref));
    }

    @Override
    public void identifierChanged(String destination, String key, String identifier, Identifiers.Handling handling) {
        write(new IdentifierChange(destination, key, identifier, handling.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * The removed-users report and the identifier-changes report as one sink.
     *
     * @param removed the removed-users report
     * @param identifiers the identifier-changes report
     */
    static RemovedSink naming(RowsReport removed, RowsReport identifiers) {
        return new RemovedSink() {
            @Override
            public void removed(String destination, String key, Action action, long ref) {
                removed.removed(destination, key, action, ref);
            }

            @Override
            public void identifierChanged(String destination, String key, String identifier, Identifiers.Handling handling) {
                identifiers.identifierChanged(destination, key, identifier, handling);
            }
        };
    }

    private void write(Object row) {
        try {
            out.write(json.writeValueAsString(row));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of rows " + file, e);
        }
    }

    /**
     * A row not sent to a destination because a later row of the file is the same user's latest.
     *
     * @param line the row's source line
     * @param destination the destination
     * @param supersededBy the line of the row sent instead
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SupersededRow(long line, String destination, long supersededBy) {
    }

    /**
     * A user the destination took from an earlier run of a snapshot sync that this run's file does not hold.
     *
     * @param destination the destination
     * @param key the user's key, as the run that sent it keyed it (e.g. Insider's {@code uuid})
     * @param action {@code kept} ({@code on_removed: keep}), {@code delete} (a deletion is queued, unless a guard holds
     *        the run), {@code not_deletable} (the destination's deletion API cannot name this user)
     * @param deletion the queued deletion's number: the line its outcome (and failed-rows.jsonl, stream {@code deletes})
     *        names; absent when none is queued
     */
    @RegisterForReflection
    record RemovedUser(String destination, String key, String action, @JsonInclude(JsonInclude.Include.NON_NULL) Long deletion) {
    }

    /**
     * A user whose identifier changed while its key stayed; neither value is named.
     *
     * @param destination the destination
     * @param key the user's key, as the destination's requests key it
     * @param identifier the identifier's name at the destination (e.g. {@code email}, {@code phone_number})
     * @param handling {@code sent_with_user} (the user's request carries the new value, which the destination documents as
     *        replacing the old) or {@code reported} (the destination keeps the old one: the operator must change it)
     */
    @RegisterForReflection
    record IdentifierChange(String destination, String key, String identifier, String handling) {
    }

    void upload(ObjectStore store, String bucket, String key) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(bucket, key, file, ObjectStore.JSON_LINES);
    }

    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("cannot remove %s: %s", file, e);
        }
    }
}
