package io.profilesync.splitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.profilesync.mapping.MappingDocument;
import io.profilesync.mapping.MappingParser;
import io.profilesync.storage.ObjectStore;

/**
 * Finds the mapping for an input key by its prefix. For {@code incoming/crm/eu/file.csv} it tries, in the
 * mapping prefix, {@code crm/eu.yaml}, then {@code crm.yaml}, then {@code default.yaml} (each also as
 * {@code .yml} and {@code .json}), and falls back to the built-in default.
 */
final class MappingResolver {

    static final String BUILT_IN = "built-in default";
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    record Resolved(String name, MappingDocument document) {
    }

    private MappingResolver() {
    }

    static Resolved resolve(ObjectStore store, String bucket, String key, String inputPrefix, String mappingPrefix) {
        for (String candidate : candidates(key.substring(inputPrefix.length()))) {
            for (String extension : EXTENSIONS) {
                String mappingKey = mappingPrefix + candidate + extension;
                Optional<byte[]> content = store.read(bucket, mappingKey);
                if (content.isPresent()) {
                    return new Resolved("s3://" + bucket + "/" + mappingKey, MappingParser.parse(mappingKey, content.get()));
                }
            }
        }
        return new Resolved(BUILT_IN, MappingDocument.DEFAULT);
    }

    private static List<String> candidates(String relativeKey) {
        List<String> candidates = new ArrayList<>();
        String folder = relativeKey.contains("/") ? relativeKey.substring(0, relativeKey.lastIndexOf('/')) : "";
        while (!folder.isEmpty()) {
            candidates.add(folder);
            folder = folder.contains("/") ? folder.substring(0, folder.lastIndexOf('/')) : "";
        }
        candidates.add("default");
        return candidates;
    }
}
