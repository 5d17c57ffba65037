package io.profilesync.splitting;

/**
 * What a run decided for one user of one destination, for the user's story (docs/tracing-one-user.md): written per
 * partition of user keys by {@link DestinationState#decided}, read back by key hash.
 *
 * @param keyHash the user's key hash, as the state keys it
 * @param line the source line the decision is about (a deletion's: its number, as its outcome names it)
 * @param decision what was decided
 * @param fingerprint the payload's fingerprint (0 when nothing was sent or compared)
 * @param stream the stream its item was sent in ({@code users}, {@code deletes}); empty when nothing was sent
 * @param batch the batch it was sent in (0 when nothing was sent)
 * @param position its place among the batch's items
 * @param detail the rule of a rejection, the line that superseded a row, the identifier that changed; never a value
 */
public record UserDecision(long keyHash, long line, Decision decision, long fingerprint, String stream, int batch,
        int position, String detail) {

    /** The decisions, in the order a run takes them; their codes are stored, so new ones go at the end. */
    public enum Decision {
        NEW, CHANGED, UNCHANGED, RESENT, SUPERSEDED, SKIPPED, REJECTED, REMOVED, DELETED, IDENTIFIER_CHANGED;

        public boolean sends() {
            return this == NEW || this == CHANGED || this == RESENT || this == DELETED;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    UserDecision sentIn(int batchNumber, int at) {
        return new UserDecision(keyHash, line, decision, fingerprint, stream, batchNumber, at, detail);
    }
}
