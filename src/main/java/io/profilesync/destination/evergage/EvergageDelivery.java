package io.profilesync.destination.evergage;

/**
 * How Personalization (Evergage) users reach it, chosen per deployment ({@code profile-sync.evergage.delivery}).
 */
public enum EvergageDelivery {
    /** The users and accounts upsert API: immediate, but deprecated by Salesforce (see docs/personalization-etl-feed.md). */
    API,
    /** User ETL data feed files uploaded over SFTP: Salesforce's supported bulk path, processed later by the feed. */
    ETL_FEED
}
