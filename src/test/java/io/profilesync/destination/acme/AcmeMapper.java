package io.profilesync.destination.acme;

import java.util.ArrayList;
import java.util.List;

import io.profilesync.batching.BatchFormat;
import io.profilesync.batching.BatchLimits;
import io.profilesync.batching.JsonArrayFormat;
import io.profilesync.batching.OutboundItem;
import io.profilesync.common.JsonWriter;
import io.profilesync.mapping.CanonicalRow;
import io.profilesync.mapping.Fields;
import io.profilesync.destination.MappedRow;
import io.profilesync.destination.DestinationMapper;
import io.profilesync.destination.Violation;

/** A contact is {@code {"id", "email"}}; both are required and the email must have an {@code @}. */
final class AcmeMapper implements DestinationMapper {

    /** Acme documents at most two contacts and 1,000,000 bytes a request. */
    static final BatchLimits LIMITS = new BatchLimits(2, 1_000_000);
    private static final BatchFormat FORMAT = new JsonArrayFormat(LIMITS, "{\"contacts\":[", "]}");

    @Override
    public MappedRow map(CanonicalRow row) {
        String id = row.get(Fields.USER_ID);
        String email = row.get(Fields.EMAIL);
        List<Violation> violations = new ArrayList<>();
        if (id == null) {
            violations.add(new Violation("id", "required", "a contact needs an id"));
        }
        if (email == null || !email.contains("@")) {
            violations.add(new Violation("email", "email", "a contact needs an email address"));
        }
        if (!violations.isEmpty()) {
            return MappedRow.rejected(violations);
        }
        byte[] contact = JsonWriter.toBytes(json -> {
            json.startObject();
            json.stringField("id", id);
            json.stringField("email", email);
            json.endObject();
        });
        return MappedRow.accepted(OutboundItem.user(row.line(), id, contact));
    }

    @Override
    public BatchFormat format(String stream) {
        return FORMAT;
    }
}
