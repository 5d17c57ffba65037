package io.profilesync.common;

import java.util.function.Function;

/**
 * The values of the last few keys looked up, found by the key's instance: for lookups that come in runs of a few
 * instances (a file's column list, the names of a user's identifiers) and cost more than comparing references (hashing
 * a long string, a map lookup). A key of another instance is looked up again, so equal keys never share a wrong value.
 * One per thread: not thread-safe.
 */
public final class RecentlyUsed<K, V> {

    private final Object[] keys;
    private final Object[] values;
    private final Function<K, V> lookup;
    private int next;

    /** @param lookup what a key's value is, asked when the key is not one of the last {@code slots} */
    public RecentlyUsed(int slots, Function<K, V> lookup) {
        this.keys = new Object[slots];
        this.values = new Object[slots];
        this.lookup = lookup;
    }

    @SuppressWarnings("unchecked")
    public V get(K key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        V value = lookup.apply(key);
        keys[next] = key;
        values[next] = value;
        next = (next + 1) % keys.length;
        return value;
    }
}
