package io.profilesync.destination.evergage;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.profilesync.simulator.SimulatedDestination;

/**
 * Evergage's User Export API over a generated population: pages of {@code pageSize} records from page 0, an
 * empty page after the last; from page 1 on, each page first repeats the previous page's last users with a
 * newer record (as Evergage does when users change during an export), so the export must keep the last one.
 * Records carry the user id in {@code name} unless told another field, and one user's records can lack it.
 */
public final class SimulatedUserExport {

    private volatile int users;
    private volatile int overlap;
    private volatile int recordBytes = 200;
    private volatile String idField = "name";
    private volatile int userWithoutId = -1;
    private volatile String missingId;
    private volatile Map<Integer, String> displayNames = Map.of();

    /**
     * {@code users} users over pages, each page repeating the last {@code overlap} users of the page before with a
     * newer record, records padded to about {@code recordBytes}.
     */
    public void configure(int users, int overlap, int recordBytes) {
        this.users = users;
        this.overlap = overlap;
        this.recordBytes = recordBytes;
        this.idField = "name";
        this.userWithoutId = -1;
        this.displayNames = Map.of();
    }

    /** Users' display names instead of {@code User <n>} (without commas or quotes: the CSV pages are not quoted). */
    public void displayNames(Map<Integer, String> names) {
        this.displayNames = Map.copyOf(names);
    }

    /** The records carry the user id in this field (a CSV column of this name) instead of {@code name}. */
    public void idField(String field) {
        this.idField = field;
    }

    /** @param id what the user's records hold as id: null leaves the field out (a CSV field stays empty) */
    public void withoutId(int user, String id) {
        this.userWithoutId = user;
        this.missingId = id;
    }

    SimulatedDestination.Answer page(URI uri, boolean csv) {
        Map<String, String> query = query(uri);
        int size = Integer.parseInt(query.getOrDefault("pageSize", Integer.toString(Math.max(users, 1))));
        int page = Integer.parseInt(query.getOrDefault("page", "0"));
        int from = page * size;
        int to = Math.min(users, from + size);
        int repeatFrom = page == 0 || from >= users ? from : Math.max(0, from - overlap);
        StringBuilder body = new StringBuilder(csv ? idField + ",displayName,engagementScore,padding\n" : "");
        ArrayNode records = JsonNodeFactory.instance.arrayNode();
        for (int i = repeatFrom; i < to; i++) {
            int version = page;
            if (csv) {
                body.append(i == userWithoutId ? "" : "user-" + i).append(',').append(displayName(i)).append(',').append(version).append(',')
                        .append(padding()).append('\n');
            } else {
                records.add(record(i, version));
            }
        }
        return new SimulatedDestination.Answer(200, csv ? (from >= users ? "" : body.toString()) : records.toString(), null);
    }

    private String displayName(int user) {
        return displayNames.getOrDefault(user, "User " + user);
    }

    private ObjectNode record(int user, int version) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        if (user != userWithoutId) {
            record.put(idField, "user-" + user);
        } else if (missingId != null) {
            record.put(idField, missingId);
        }
        record.put("displayName", displayName(user));
        record.put("engagementScore", version);
        record.put("engagementPercentChange", 0.0);
        record.put("firstActivity", 1_700_000_000_000L);
        record.put("lastActivity", 1_700_000_000_000L + version);
        record.put("totalActions", version);
        record.put("accountName", "account-" + user % 10);
        record.putObject("attributes").put("padding", padding());
        return record;
    }

    private String padding() {
        return "p".repeat(Math.max(0, recordBytes - 200));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }
}
