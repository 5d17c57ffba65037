package io.profilesync.splitter;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.profilesync.ingest.Chunk;
import io.profilesync.ingest.CsvDialect;
import io.profilesync.mapping.MappingDocument;
import io.profilesync.run.SourceObject;
import io.profilesync.splitting.Splitter;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What every chunk of a run shares, decided once by the splitter: the chunks, the file's header and the mapping
 * as they were when the file arrived (a mapping changed meanwhile does not mix into this run).
 *
 * @param header the file's header (CSV), null for JSON lines
 * @param dialect how the file is read (CSV), decided once from its first bytes for every chunk; null for JSON lines
 * @param handoverFormat the version of the items the chunks hand on ({@link Splitter#HANDOVER_FORMAT}); 0 in a plan
 *        written before it was recorded
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChunkPlan(String runId, SourceObject source, String mapping, MappingDocument document, String sync,
        boolean fullResync, boolean dryRun, List<String> header, List<Chunk> chunks, String startedAt,
        CsvDialect dialect, int handoverFormat) {
}
