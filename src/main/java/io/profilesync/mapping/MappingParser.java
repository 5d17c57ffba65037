package io.profilesync.mapping;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.jboss.logging.Logger;

import io.profilesync.common.FormerNames;

/** Reads mapping documents: YAML for {@code .yaml}/{@code .yml}, JSON for {@code .json}. */
public final class MappingParser {

    private static final Logger LOG = Logger.getLogger(MappingParser.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MappingParser() {
    }

    public static boolean isMappingName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json");
    }

    public static MappingDocument parse(String name, byte[] content) {
        ObjectMapper mapper = name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        try {
            JsonNode tree = mapper.readTree(content);
            if (tree == null || tree.isNull() || tree.isMissingNode()) {
                return MappingDocument.DEFAULT;
            }
            warnOfFormerNames(name, tree);
            MappingDocument document = mapper.treeToValue(tree, MappingDocument.class);
            GuardSettings.of(name, document);
            return checked(name, document);
        } catch (JsonProcessingException e) {
            throw new MappingException("mapping " + name + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MappingException("mapping " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void warnOfFormerNames(String name, JsonNode tree) {
        for (JsonNode section : new JsonNode[] { tree, tree.path("guards") }) {
            if (section.has(FormerNames.OF_DESTINATIONS)) {
                LOG.warnf("mapping %s: '%s' is deprecated: rename it 'destinations' (read the same until a later version)",
                        name, (section == tree ? "" : "guards.") + FormerNames.OF_DESTINATIONS);
            }
        }
    }

    private static MappingDocument checked(String name, MappingDocument document) {
        if (WriteMode.of(document.mode()).isEmpty()) {
            throw new MappingException("mapping " + name + ": mode must be upsert, update or insert, not '"
                    + document.mode() + "'");
        }
        if (SourceKind.of(document.source()).isEmpty()) {
            throw new MappingException("mapping " + name + ": source must be increment or snapshot, not '"
                    + document.source() + "'");
        }
        document.csv().problem().ifPresent(problem -> {
            throw new MappingException("mapping " + name + ": " + problem);
        });
        if (document.destinations() != null) {
            document.destinations().forEach((destination, options) -> OnRemoved.of(name, destination, options));
        }
        return document;
    }
}
