package io.profilesync.mapping;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.profilesync.common.FormerNames;

/**
 * A sync's guards, from its mapping's {@code guards:} section: limits a run must stay within before anything it
 * cut is queued (docs/sync.md, "Guards").
 *
 * <pre>
 * guards:
 *   min_rows: 1000              # fewest rows the file must have
 *   max_rejected_share: 5%      # per destination: rejected / rows (also 0.05)
 *   max_removed_share: 10%      # per destination: removed / (accepted + removed)
 *   destinations:
 *     insider: {max_rejected_share: 20%}
 * </pre>
 *
 * @param minRows fewest rows, or null
 * @param maxRejectedShare largest share of rejected rows of every destination, or null
 * @param maxRemovedShare largest share of removed users of every destination, or null
 * @param destinations per destination, settings that replace the ones above for it
 * @param deleting the destinations whose mapping section says {@code on_removed: delete}
 */
public record GuardSettings(Long minRows, Share maxRejectedShare, Share maxRemovedShare, Map<String, DestinationGuards> destinations,
        Set<String> deleting) {

    public static final GuardSettings NONE = new GuardSettings(null, null, null, Map.of(), Set.of());
    public static final String MIN_ROWS = "min_rows";
    public static final String MAX_REJECTED_SHARE = "max_rejected_share";
    public static final String MAX_REMOVED_SHARE = "max_removed_share";
    private static final String DESTINATIONS = "destinations";
    private static final Set<String> SYNC_KEYS = Set.of(MIN_ROWS, MAX_REJECTED_SHARE, MAX_REMOVED_SHARE, DESTINATIONS);
    private static final Set<String> DESTINATION_KEYS = Set.of(MAX_REJECTED_SHARE, MAX_REMOVED_SHARE);

    public GuardSettings {
        destinations = Map.copyOf(destinations);
        deleting = Set.copyOf(deleting);
    }

    /**
     * A share from 0 to 1, and how the mapping wrote it.
     *
     * @param fraction the share, exactly (0.1 for 10%)
     * @param text as written in the mapping ({@code 10%}, {@code 0.1})
     */
    public record Share(BigDecimal fraction, String text) {
    }

    /** One destination's own limits; null ones fall back to the sync's. */
    public record DestinationGuards(Share maxRejectedShare, Share maxRemovedShare) {
    }

    /** Whether any guard applies: then nothing is queued before the whole run is known. */
    public boolean any() {
        return minRows != null || maxRejectedShare != null || maxRemovedShare != null || !destinations.isEmpty()
                || !deleting.isEmpty();
    }

    /**
     * The guards a mapping document declares, checked: a setting that is not one, or a value that is not a share or a
     * count, is a {@link MappingException} naming the mapping and the setting.
     *
     * @param mapping the mapping's name, for messages
     */
    public static GuardSettings of(String mapping, MappingDocument document) {
        Set<String> deleting = new TreeSet<>();
        if (document.destinations() != null) {
            document.destinations().forEach((destination, options) -> {
                if (options != null && "delete".equals(options.path("on_removed").asText())) {
                    deleting.add(destination);
                }
            });
        }
        JsonNode guards = document.guards();
        if (guards == null || guards.isNull()) {
            return new GuardSettings(null, null, null, Map.of(), deleting);
        }
        if (!guards.isObject()) {
            throw problem(mapping, "guards", "must be a section of settings (" + String.join(", ", new TreeSet<>(SYNC_KEYS))
                    + ")");
        }
        checkKeys(mapping, "guards", guards, SYNC_KEYS);
        Map<String, DestinationGuards> destinations = new LinkedHashMap<>();
        JsonNode perDestination = FormerNames.field(guards, DESTINATIONS);
        if (!perDestination.isMissingNode()) {
            if (!perDestination.isObject()) {
                throw problem(mapping, "guards.destinations", "must map destination names to their guards");
            }
            perDestination.fields().forEachRemaining(destination -> {
                String path = "guards.destinations." + destination.getKey();
                if (!destination.getValue().isObject()) {
                    throw problem(mapping, path, "must be a section of settings (" + String.join(", ", new TreeSet<>(DESTINATION_KEYS))
                            + ")");
                }
                checkKeys(mapping, path, destination.getValue(), DESTINATION_KEYS);
                destinations.put(destination.getKey(), new DestinationGuards(share(mapping, path, destination.getValue(), MAX_REJECTED_SHARE),
                        share(mapping, path, destination.getValue(), MAX_REMOVED_SHARE)));
            });
        }
        return new GuardSettings(count(mapping, guards), share(mapping, "guards", guards, MAX_REJECTED_SHARE),
                share(mapping, "guards", guards, MAX_REMOVED_SHARE), destinations, deleting);
    }

    private static void checkKeys(String mapping, String path, JsonNode section, Set<String> known) {
        for (Iterator<String> names = section.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name) && !(known == SYNC_KEYS && name.equals(FormerNames.OF_DESTINATIONS))) {
                throw problem(mapping, path + "." + name, "is not a guard; "
                        + (path.equals("guards") ? "guards are " : "a destination's guards are ") + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static Long count(String mapping, JsonNode guards) {
        JsonNode value = guards.get(MIN_ROWS);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw problem(mapping, "guards." + MIN_ROWS, "must be a whole number of rows, 0 or more, not '" + value.asText()
                    + "'");
        }
        return value.asLong();
    }

    /** A share, written {@code 10%} (or {@code 12.5%}) or as a fraction from 0 to 1 ({@code 0.1}). */
    private static Share share(String mapping, String path, JsonNode section, String name) {
        JsonNode value = section.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText().strip();
        BigDecimal fraction = null;
        try {
            if (value.isNumber()) {
                fraction = value.decimalValue();
            } else if (value.isTextual() && text.endsWith("%")) {
                fraction = new BigDecimal(text.substring(0, text.length() - 1).strip()).movePointLeft(2);
            }
        } catch (NumberFormatException e) {
            fraction = null;
        }
        if (fraction == null || fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw problem(mapping, path + "." + name, "must be a share from 0% to 100%, written as 10% or 0.1, not '"
                    + text + "'");
        }
        return new Share(fraction, text);
    }

    private static MappingException problem(String mapping, String setting, String rule) {
        return new MappingException("mapping " + mapping + ": " + setting + " " + rule);
    }
}
