package io.profilesync.batching;


/** The deployment's own batch caps per vendor, applied on top of each vendor's documented limits. */
@FunctionalInterface
public interface LimitCaps {

    BatchLimits apply(String vendor, BatchLimits documented);
}
