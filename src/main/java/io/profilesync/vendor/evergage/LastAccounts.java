package io.profilesync.vendor.evergage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.profilesync.batching.OutboundItem;
import io.profilesync.common.LastOccurrences;

/**
 * A file's accounts, one per account name, the last row's winning, in the order of their last rows. Up to a
 * bound they are held in memory; past it every account goes to a temporary file and only a compact table of
 * each name's last occurrence stays in memory ({@link LastOccurrences}: 64-bit hashes, never the names or the
 * accounts), and at the end the file is read once more, keeping each name's last account.
 */
final class LastAccounts {

    private final int inMemory;
    private final Map<String, OutboundItem> accounts = new LinkedHashMap<>();
    private Spill spill;

    /** @param inMemory the most accounts held in memory before they go to a temporary file */
    LastAccounts(int inMemory) {
        this.inMemory = inMemory;
    }

    void put(String name, OutboundItem account) {
        if (spill != null) {
            spill.append(name, account);
            return;
        }
        accounts.remove(name);
        accounts.put(name, account);
        if (accounts.size() > inMemory) {
            spill = new Spill();
            accounts.forEach(spill::append);
            accounts.clear();
        }
    }

    /** Accounts held in memory now. */
    int held() {
        return accounts.size();
    }

    /** Hands over each account, once, and lets go of them (and of the temporary file). */
    void drain(Consumer<OutboundItem> out) {
        if (spill == null) {
            accounts.values().forEach(out);
            accounts.clear();
            return;
        }
        try {
            spill.drain(out);
        } finally {
            spill.close();
        }
    }

    /** Accounts in a temporary file, in the order they came: name, line and JSON each. */
    private static final class Spill {

        private final LastOccurrences last = new LastOccurrences();
        private final FileChannel channel;
        private final DataOutputStream out;
        private long appended;

        Spill() {
            try {
                Path file = Files.createTempFile("evergage-accounts", ".bin");
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                // unlinked at once: the open channel keeps the data, and the space is freed when it closes,
                // even if the run dies before the accounts are drained (a warm Lambda keeps its /tmp)
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary file for Evergage accounts: " + e.getMessage(), e);
            }
            out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
        }

        void append(String name, OutboundItem account) {
            try {
                byte[] key = name.getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                out.writeLong(account.line());
                out.writeInt(account.json().length);
                out.write(account.json());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write Evergage accounts to a temporary file: " + e.getMessage(), e);
            }
            last.put(name, appended++);
        }

        void drain(Consumer<OutboundItem> accounts) {
            try {
                out.flush();
                channel.position(0);
                DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
                for (long ordinal = 0; ordinal < appended; ordinal++) {
                    String name = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                    long line = in.readLong();
                    byte[] json = in.readNBytes(in.readInt());
                    if (last.last(name) == ordinal) {
                        accounts.accept(new OutboundItem(EvergageMapper.ACCOUNTS, line, null, json));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Evergage accounts back from a temporary file: " + e.getMessage(), e);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
