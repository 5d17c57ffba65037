package io.profilesync.splitting;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one vendor gets from a file. {@code rows == accepted + rejected} always.
 *
 * @param rows rows read from the file
 * @param accepted rows that passed the vendor's rules and are in a batch
 * @param rejected rows refused, each listed in the rejected-rows report
 * @param batches batches of every kind queued for the vendor
 * @param streams items and batches per request kind ({@code users}, and e.g. {@code accounts})
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VendorSummary(long rows, long accepted, long rejected, int batches, Map<String, StreamSummary> streams) {
}
