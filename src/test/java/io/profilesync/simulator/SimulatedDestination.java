package io.profilesync.simulator;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * One destination's API as its documentation describes it, enforcing the documented rules and limits. Each lives in
 * its destination's package; the {@link DestinationSimulator} hosts those listed in
 * {@code META-INF/services/io.profilesync.simulator.SimulatedDestination} and any a test adds.
 */
public interface SimulatedDestination {

    /** The destination's name, as profile-sync names it. */
    String name();

    /** The path prefixes this destination serves. */
    List<String> paths();

    /** Processes one request that passed fault injection; the simulator sends the answer. */
    Answer handle(HttpExchange exchange, byte[] body) throws IOException;

    /** The users (their ids) in a request this destination processed; other records, such as accounts, are not users. */
    List<String> users(String path, JsonNode accepted);

    /**
     * What a processed request changes in the profiles the destination holds: per user it took, the attributes it was
     * sent, by name (a JSON null erases the attribute the destination held). Users it refused are not here.
     */
    default Map<String, com.fasterxml.jackson.databind.node.ObjectNode> upserts(String path, JsonNode accepted) {
        return Map.of();
    }

    /**
     * Applies a processed request to the profiles the destination holds, by user: by default each attribute of
     * {@link #upserts} replaces the one held, and a JSON null erases it. A destination whose documentation says
     * otherwise (Insider appends to arrays) overrides this.
     */
    default void apply(String path, JsonNode accepted, Map<String, com.fasterxml.jackson.databind.node.ObjectNode> held) {
        upserts(path, accepted).forEach((user, attributes) -> {
            com.fasterxml.jackson.databind.node.ObjectNode profile = held.computeIfAbsent(user,
                    key -> com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
            attributes.fields().forEachRemaining(field -> {
                if (field.getValue().isNull()) {
                    profile.remove(field.getKey());
                } else {
                    profile.set(field.getKey(), field.getValue());
                }
            });
        });
    }

    /** The credentials profile-sync needs for this simulated destination, as configuration. */
    Map<String, String> credentials();

    /** Forgets what a test changed (a rotated credential, a configured export). */
    default void reset() {
    }

    /**
     * @param status the HTTP status
     * @param body the JSON answer
     * @param accepted the request body when the destination processed it, null when it refused it
     */
    record Answer(int status, String body, JsonNode accepted) {

        public static Answer refused(int status, String message) {
            return new Answer(status, Exchange.error(message), null);
        }
    }
}
