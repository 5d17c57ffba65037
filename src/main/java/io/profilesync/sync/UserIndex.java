package io.profilesync.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.profilesync.splitting.UserDecision;
import io.profilesync.splitting.UserDecision.Decision;
import io.profilesync.storage.ObjectStore;

/**
 * One run's decisions for the users of one partition, as one object ({@link StateKeys#story}), read back for one
 * user with two ranged GETs whatever the number of users: a header of {@link #BUCKETS}+1 offsets, then the records
 * grouped by the 8 bits of the key hash below the partition's, sorted by key hash within a group. A record is the key hash, line,
 * decision, fingerprint, stream, batch, place in the batch and detail (big-endian, strings as {@code writeUTF}).
 */
public final class UserIndex {

    static final int BUCKETS = 256;
    static final int HEADER_BYTES = (BUCKETS + 1) * Integer.BYTES;

    private UserIndex() {
    }

    static int bucket(long keyHash) {
        return (int) (keyHash >>> 50) & (BUCKETS - 1);
    }

    public static byte[] encode(List<UserDecision> decisions) {
        List<UserDecision> sorted = new ArrayList<>(decisions);
        sorted.sort(Comparator.comparingInt((UserDecision decision) -> bucket(decision.keyHash()))
                .thenComparingLong(UserDecision::keyHash).thenComparingLong(UserDecision::line));
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        int[] offsets = new int[BUCKETS + 1];
        int next = 0;
        try (DataOutputStream out = new DataOutputStream(records)) {
            for (UserDecision decision : sorted) {
                int bucket = bucket(decision.keyHash());
                while (next <= bucket) {
                    offsets[next++] = out.size();
                }
                out.writeLong(decision.keyHash());
                out.writeLong(decision.line());
                out.writeByte(decision.decision().ordinal());
                out.writeLong(decision.fingerprint());
                out.writeUTF(decision.stream());
                out.writeInt(decision.batch());
                out.writeInt(decision.position());
                out.writeUTF(decision.detail());
            }
            while (next <= BUCKETS) {
                offsets[next++] = out.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer object = ByteBuffer.allocate(HEADER_BYTES + records.size());
        for (int offset : offsets) {
            object.putInt(offset);
        }
        return object.put(records.toByteArray()).array();
    }

    /** The decisions of one user in an object: the header's two offsets, then the records of its group. */
    public static List<UserDecision> read(ObjectStore store, String bucket, String key, long keyHash) {
        return read((start, end) -> range(store, bucket, key, start, end), keyHash);
    }

    /** Reads bytes {@code start} (inclusive) to {@code end} (exclusive) of one index object. */
    interface Ranges {
        byte[] read(long start, long end);
    }

    static List<UserDecision> read(Ranges object, long keyHash) {
        int group = bucket(keyHash);
        ByteBuffer offsets = ByteBuffer.wrap(object.read(group * Integer.BYTES, (group + 2) * Integer.BYTES));
        int from = offsets.getInt();
        int to = offsets.getInt();
        return from == to ? List.of() : decode(object.read(HEADER_BYTES + from, HEADER_BYTES + to), keyHash);
    }

    /** The key hash of the user a run decided about at {@code line}, reading the whole object (one partition of one run). */
    public static java.util.OptionalLong keyHashAt(byte[] object, long line) {
        return decode(java.util.Arrays.copyOfRange(object, HEADER_BYTES, object.length), 0).stream()
                .filter(decision -> decision.line() == line).mapToLong(UserDecision::keyHash).findFirst();
    }

    /** The records of {@code keyHash}; every record for 0. */
    static List<UserDecision> decode(byte[] records, long keyHash) {
        List<UserDecision> found = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(records))) {
            while (in.available() > 0) {
                UserDecision decision = new UserDecision(in.readLong(), in.readLong(), Decision.values()[in.readByte()],
                        in.readLong(), in.readUTF(), in.readInt(), in.readInt(), in.readUTF());
                if (keyHash == 0 || decision.keyHash() == keyHash) {
                    found.add(decision);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static byte[] range(ObjectStore store, String bucket, String key, long start, long end) {
        try (InputStream in = store.openRange(bucket, key, null, start, end)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable s3://" + bucket + "/" + key, e);
        }
    }
}
