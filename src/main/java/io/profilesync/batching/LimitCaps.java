package io.profilesync.batching;


/** The deployment's own batch caps per destination, applied on top of each destination's documented limits. */
@FunctionalInterface
public interface LimitCaps {

    BatchLimits apply(String destination, BatchLimits documented);
}
