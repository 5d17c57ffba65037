package io.profilesync.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts lines by a key and keeps a few example lines per key, in bounded memory whatever the number of lines: at
 * most {@link #MAX_GROUPS} keys (the lines of any further key are counted under {@code overflow}) and
 * {@link #MAX_EXAMPLES} examples of at most {@link #MAX_TEXT} characters each.
 *
 * @param <K> the grouping key (a record)
 */
final class Groups<K> {

    static final int MAX_GROUPS = 100;
    static final int MAX_EXAMPLES = 3;
    static final int MAX_TEXT = 300;

    private final K overflow;
    private final Map<K, Entry> groups = new LinkedHashMap<>();

    /** @param overflow the key that counts the lines of keys beyond the first {@link #MAX_GROUPS} */
    Groups(K overflow) {
        this.overflow = overflow;
    }

    void add(K key, long line, String text) {
        Entry entry = groups.get(key);
        if (entry == null) {
            K kept = groups.size() < MAX_GROUPS ? key : overflow;
            entry = groups.computeIfAbsent(kept, k -> new Entry());
        }
        entry.count++;
        if (entry.examples.size() < MAX_EXAMPLES) {
            String shown = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
            entry.examples.add(new HtmlReport.Example(line, shown));
        }
    }

    /** The groups, most lines first (then by first appearance), each made by {@code group}. */
    <G> List<G> sorted(Group<K, G> group) {
        List<Map.Entry<K, Entry>> entries = new ArrayList<>(groups.entrySet());
        entries.sort(Comparator.comparingLong((Map.Entry<K, Entry> e) -> e.getValue().count).reversed());
        List<G> out = new ArrayList<>(entries.size());
        for (Map.Entry<K, Entry> e : entries) {
            out.add(group.make(e.getKey(), e.getValue().count, List.copyOf(e.getValue().examples)));
        }
        return out;
    }

    /** Makes one group's record from its key, count and examples. */
    @FunctionalInterface
    interface Group<K, G> {
        G make(K key, long count, List<HtmlReport.Example> examples);
    }

    private static final class Entry {
        long count;
        final List<HtmlReport.Example> examples = new ArrayList<>(MAX_EXAMPLES);
    }
}
