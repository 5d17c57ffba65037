package io.profilesync.splitter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.profilesync.splitting.Rejection;
import io.profilesync.splitting.RejectionSink;
import io.profilesync.storage.ObjectStore;

/**
 * The rejected-rows report: one JSON line per broken rule. Written to a local temporary file while the input
 * streams (it can be as long as the input), then uploaded once.
 */
final class RejectedRowsReport implements RejectionSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RejectedRowsReport.class);
    private static final int LOGGED = 20;

    private final Path file;
    private final BufferedWriter out;
    private final ObjectWriter json;
    private final String source;
    private long count;

    RejectedRowsReport(ObjectMapper json, String source) {
        this.json = json.writer();
        this.source = source;
        try {
            this.file = Files.createTempFile("rejected-rows", ".jsonl");
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the rejected-rows report", e);
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
        try {
            out.write(json.writeValueAsString(rejection));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejected-rows report", e);
        }
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
