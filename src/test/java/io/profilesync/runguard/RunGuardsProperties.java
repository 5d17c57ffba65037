package io.profilesync.runguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.profilesync.mapping.GuardSettings;
import io.profilesync.mapping.GuardSettings.Share;
import io.profilesync.mapping.GuardSettings.DestinationGuards;
import io.profilesync.splitting.DestinationSummary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The guards against a run's counts: a share guard is crossed exactly when its share is over the limit (compared
 * without rounding), a destination's own limit replaces the sync's, a deleting destination is held to 10% removed, and the first
 * guard crossed is named with its figures.
 */
class RunGuardsProperties {

    /** A destination's summary with these rows, rejections and removed users (the other counts follow). */
    private static DestinationSummary summary(long rows, long rejected, long removed) {
        return new DestinationSummary(rows, rows - rejected, rejected, 0, rows - rejected, 0, 0, 0, removed, 0, 0, Map.of(), Map.of());
    }

    private static Share percent(int tenths) {
        return new Share(BigDecimal.valueOf(tenths, 3), BigDecimal.valueOf(tenths, 1).toPlainString() + "%");
    }

    @Property(tries = 500)
    void aRejectedShareIsCrossedExactlyWhenItIsOverTheLimit(@ForAll @LongRange(min = 0, max = 1_000_000) long rows,
            @ForAll @IntRange(min = 0, max = 1000) int rejectedPerMille, @ForAll @IntRange(min = 0, max = 1000) int limitTenths) {
        long rejected = rows * rejectedPerMille / 1000;
        GuardSettings guards = new GuardSettings(null, percent(limitTenths), null, Map.of(), Set.of());

        Optional<GuardCrossed> crossed = RunGuards.firstCrossed(guards, rows, Map.of("insider", summary(rows, rejected, 0)));

        // rejected / rows > limitTenths / 1000, in whole numbers
        assertEquals(rejected * 1000 > (long) limitTenths * rows, crossed.isPresent(), rejected + " of " + rows);
        crossed.ifPresent(guard -> {
            assertEquals("max_rejected_share", guard.guard());
            assertEquals("insider", guard.destination());
            assertEquals(rejected, guard.count());
            assertEquals(rows, guard.of());
            assertTrue(guard.message().startsWith("insider: rejected share "), guard.message());
            assertTrue(guard.message().endsWith(" exceeds max_rejected_share " + percent(limitTenths).text() + ": "
                    + rejected + " of " + rows + " rows"), guard.message());
        });
    }

    @Property(tries = 300)
    void fewerRowsThanTheMinimumIsCrossedFirst(@ForAll @LongRange(min = 0, max = 10_000) long rows,
            @ForAll @LongRange(min = 0, max = 10_000) long minRows) {
        GuardSettings guards = new GuardSettings(minRows, percent(0), null, Map.of(), Set.of());

        Optional<GuardCrossed> crossed = RunGuards.firstCrossed(guards, rows, Map.of("insider", summary(rows, rows, 0)));

        if (rows < minRows) {
            assertEquals(new GuardCrossed("min_rows", null, rows, minRows, Long.toString(minRows),
                    rows + " rows is fewer than min_rows " + minRows), crossed.orElseThrow());
        } else {
            assertEquals(rows > 0, crossed.isPresent(), "then the rejected share, all rows rejected");
        }
    }

    @Property(tries = 300)
    void aDestinationsOwnLimitReplacesTheSyncs(@ForAll @IntRange(min = 1, max = 1000) int rows,
            @ForAll @IntRange(min = 0, max = 1000) int syncTenths, @ForAll @IntRange(min = 0, max = 1000) int ownTenths) {
        long rejected = rows / 2;
        GuardSettings guards = new GuardSettings(null, percent(syncTenths), null,
                Map.of("xtremepush", new DestinationGuards(percent(ownTenths), null)), Set.of());

        Optional<GuardCrossed> crossed = RunGuards.firstCrossed(guards, rows, Map.of("insider", summary(rows, rejected, 0),
                "xtremepush", summary(rows, rejected, 0)));

        boolean insiderCrosses = rejected * 1000 > (long) syncTenths * rows;
        boolean xtremepushCrosses = rejected * 1000 > (long) ownTenths * rows;
        assertEquals(insiderCrosses ? Optional.of("insider") : xtremepushCrosses ? Optional.of("xtremepush") : Optional.empty(),
                crossed.map(GuardCrossed::destination), "destinations in name order, each against its own limit");
    }

    @Property(tries = 300)
    void aDeletingDestinationIsHeldToTenPercentRemovedByDefault(@ForAll @IntRange(min = 0, max = 1000) int accepted,
            @ForAll @IntRange(min = 0, max = 1000) int removed) {
        Assume.that(accepted + removed > 0);
        GuardSettings guards = new GuardSettings(null, null, null, Map.of(), Set.of("xtremepush"));
        DestinationSummary counts = new DestinationSummary(accepted, accepted, 0, 0, accepted, 0, 0, 0, removed, 0, 0, Map.of(), Map.of());

        Optional<GuardCrossed> crossed = RunGuards.firstCrossed(guards, accepted, Map.of("insider", counts,
                "xtremepush", counts));

        assertEquals((long) removed * 10 > accepted + removed, crossed.isPresent(), removed + " removed, " + accepted + " kept");
        crossed.ifPresent(guard -> {
            assertEquals("xtremepush", guard.destination(), "insider keeps removed users: no default guard");
            assertEquals("max_removed_share", guard.guard());
            assertEquals(accepted + removed, guard.of());
            assertTrue(guard.message().endsWith(" exceeds max_removed_share 10%: " + removed + " of " + (accepted + removed)
                    + " users (accepted + removed)"), guard.message());
        });
    }

    @Example
    void theMessageNamesTheShareToATenthOfAPercent() {
        GuardSettings guards = new GuardSettings(null, new Share(new BigDecimal("0.1"), "10%"), null, Map.of(), Set.of());

        GuardCrossed crossed = RunGuards.firstCrossed(guards, 1000, Map.of("insider", summary(1000, 420, 0))).orElseThrow();

        assertEquals("insider: rejected share 42.0% exceeds max_rejected_share 10%: 420 of 1000 rows", crossed.message());
    }

    @Example
    void noRowsCrossNoShare() {
        GuardSettings guards = new GuardSettings(null, percent(0), percent(0), Map.of(), Set.of());

        assertTrue(RunGuards.firstCrossed(guards, 0, Map.of("insider", summary(0, 0, 0))).isEmpty());
    }
}
