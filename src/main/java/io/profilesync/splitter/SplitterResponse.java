package io.profilesync.splitter;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The splitter's answer to one S3 event: what became of each record. */
@RegisterForReflection
public record SplitterResponse(List<SplitOutcome> outcomes) {
}
