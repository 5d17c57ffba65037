package io.profilesync.runguard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.profilesync.mapping.GuardSettings;
import io.profilesync.mapping.GuardSettings.Share;
import io.profilesync.mapping.GuardSettings.DestinationGuards;
import io.profilesync.splitting.DestinationSummary;

/**
 * Whether a run crossed one of its sync's guards: the file's rows against {@code min_rows}, then each destination (by name)
 * against its rejected share ({@code rejected / rows}) and its removed share ({@code removed / (accepted + removed)}).
 * A destination's own setting replaces the sync's; a destination with {@code on_removed: delete} and no removed share of its own
 * or the sync's is held to {@link #DEFAULT_REMOVED_SHARE}, so that a truncated export never wipes it. A share of
 * nothing (no rows, no users) crosses nothing.
 */
public final class RunGuards {

    /** The removed share a deleting destination is held to when the mapping sets none. */
    public static final Share DEFAULT_REMOVED_SHARE = new Share(new BigDecimal("0.10"), "10%");

    private RunGuards() {
    }

    /** The first guard crossed, in the order above; empty when the run is within every guard. */
    public static Optional<GuardCrossed> firstCrossed(GuardSettings guards, long rows, Map<String, DestinationSummary> destinations) {
        if (guards.minRows() != null && rows < guards.minRows()) {
            return Optional.of(new GuardCrossed(GuardSettings.MIN_ROWS, null, rows, guards.minRows(),
                    guards.minRows().toString(), String.format("%d rows is fewer than %s %d", rows,
                            GuardSettings.MIN_ROWS, guards.minRows())));
        }
        for (Map.Entry<String, DestinationSummary> entry : new TreeMap<>(destinations).entrySet()) {
            String destination = entry.getKey();
            DestinationSummary summary = entry.getValue();
            DestinationGuards own = guards.destinations().getOrDefault(destination, new DestinationGuards(null, null));
            Share rejected = own.maxRejectedShare() != null ? own.maxRejectedShare() : guards.maxRejectedShare();
            Optional<GuardCrossed> crossed = share(GuardSettings.MAX_REJECTED_SHARE, "rejected share", destination, rejected,
                    summary.rejected(), summary.rows(), "rows");
            if (crossed.isPresent()) {
                return crossed;
            }
            Share removed = own.maxRemovedShare() != null ? own.maxRemovedShare()
                    : guards.maxRemovedShare() != null ? guards.maxRemovedShare()
                    : guards.deleting().contains(destination) ? DEFAULT_REMOVED_SHARE : null;
            crossed = share(GuardSettings.MAX_REMOVED_SHARE, "removed share", destination, removed, summary.removed(),
                    summary.accepted() + summary.removed(), "users (accepted + removed)");
            if (crossed.isPresent()) {
                return crossed;
            }
        }
        return Optional.empty();
    }

    /** Crossed when {@code count / of} is more than the limit, compared exactly ({@code count > limit × of}). */
    private static Optional<GuardCrossed> share(String guard, String what, String destination, Share limit, long count, long of,
            String unit) {
        if (limit == null || of == 0 || BigDecimal.valueOf(count).compareTo(limit.fraction().multiply(BigDecimal.valueOf(of))) <= 0) {
            return Optional.empty();
        }
        BigDecimal percent = BigDecimal.valueOf(count).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(of), 1, RoundingMode.HALF_UP);
        return Optional.of(new GuardCrossed(guard, destination, count, of, limit.text(), String.format(
                "%s: %s %s%% exceeds %s %s: %d of %d %s", destination, what, percent.toPlainString(), guard, limit.text(), count,
                of, unit)));
    }
}
