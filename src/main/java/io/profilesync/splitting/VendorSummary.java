package io.profilesync.splitting;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one vendor gets from a file. {@code rows == accepted + rejected + superseded} and
 * {@code accepted == new + changed + unchanged + resent} always; the users sent are {@code new + changed + resent}.
 *
 * @param rows rows read from the file
 * @param accepted users that passed the vendor's rules, each its latest row in the file
 * @param rejected rows refused, each listed in the rejected-rows report
 * @param superseded rows not sent because a later row of the file is the same user's (superseded-rows report)
 * @param newUsers accepted users the vendor was never sent by this sync
 * @param changed accepted users whose payload differs from what the vendor took last
 * @param unchanged accepted users not sent: the vendor took exactly this payload in an earlier run
 * @param resent unchanged users sent anyway, by a full resync
 * @param batches batches of every kind for the vendor
 * @param streams items sent and batches per request kind ({@code users}, and e.g. {@code accounts})
 * @param samples a dry run's sample request bodies, per request kind
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VendorSummary(long rows, long accepted, long rejected, long superseded, @JsonProperty("new") long newUsers,
        long changed, long unchanged, long resent, int batches, Map<String, StreamSummary> streams,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, JsonNode> samples) {

    /** Users sent without comparing them with any state (a replay): every one counts as new. */
    public static VendorSummary withoutChangeDetection(long users, int batches, Map<String, StreamSummary> streams) {
        return new VendorSummary(users, users, 0, 0, users, 0, 0, 0, batches, streams, Map.of());
    }
}
