package io.profilesync.mapping;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.FormerNames;
import io.profilesync.ingest.CsvSettings;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A declarative mapping, written as YAML or JSON.
 *
 * @param columns source column name to field name (a conventional name such as {@code user_id}, or any
 *        other name, which then becomes a custom attribute)
 * @param ignore source columns to leave out entirely
 * @param types source column to its type ({@link ValueType}): values are converted, and a value that cannot be
 *        its type rejects the row
 * @param arraySeparator what separates the elements of an {@code array} value that is not JSON array text
 * @param destinations the target destinations, each with its own options; absent means every enabled destination with its
 *        defaults
 * @param sync the sync this mapping's files belong to (change detection state is kept per sync); absent means
 *        the input's folder under the input prefix
 * @param fullResync send every user, changed or not (the state is still updated)
 * @param dryRun split, validate and compare with the state, but store, queue and post nothing
 * @param guards limits a run must stay within before anything is queued ({@link GuardSettings}); absent means none
 * @param mode which users a run sends ({@link WriteMode}): {@code upsert} (absent), {@code update} or {@code insert}
 * @param source what a file holds ({@link SourceKind}): {@code increment} (absent) or {@code snapshot}
 * @param csv how its CSV files are written ({@link CsvSettings}: delimiter, quote, encoding, header); absent
 *        settings are sniffed from each file
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = false)
public record MappingDocument(Map<String, String> columns, List<String> ignore, Map<String, ValueType> types,
        @JsonProperty("array_separator") String arraySeparator, @JsonAlias(FormerNames.OF_DESTINATIONS) Map<String, JsonNode> destinations, String sync,
        @JsonProperty("full_resync") boolean fullResync, @JsonProperty("dry_run") boolean dryRun, JsonNode guards,
        String mode, String source, CsvSettings csv) {

    public static final MappingDocument DEFAULT = new MappingDocument(Map.of(), List.of(), Map.of(), null, null, null,
            false, false, null, null, null, null);
    public static final String DEFAULT_ARRAY_SEPARATOR = "|";

    public MappingDocument {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        types = types == null ? Map.of() : Map.copyOf(types);
        arraySeparator = arraySeparator == null || arraySeparator.isEmpty() ? DEFAULT_ARRAY_SEPARATOR : arraySeparator;
        mode = mode == null ? WriteMode.UPSERT.setting() : mode;
        source = source == null ? SourceKind.INCREMENT.setting() : source;
        csv = csv == null ? CsvSettings.NONE : csv;
    }

    /** The {@code mode} setting, once {@link MappingParser} has checked it. */
    public WriteMode writeMode() {
        return WriteMode.of(mode).orElseThrow();
    }

    /** The {@code source} setting, once {@link MappingParser} has checked it. */
    public SourceKind sourceKind() {
        return SourceKind.of(source).orElseThrow();
    }
}
