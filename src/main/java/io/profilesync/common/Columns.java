package io.profilesync.common;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of a row's values, by position. Every row of a CSV file shares one instance, so whoever reads rows
 * works out once per instance which position holds the field it needs ({@link PerColumns}), and a row's value is
 * then an array read instead of a map lookup.
 */
public final class Columns {

    private final String[] names;
    private final Map<String, Integer> positions;

    public Columns(List<String> names) {
        this.names = names.toArray(String[]::new);
        this.positions = new HashMap<>(this.names.length * 2);
        for (int i = 0; i < this.names.length; i++) {
            positions.putIfAbsent(this.names[i], i);
        }
    }

    public int size() {
        return names.length;
    }

    public String name(int position) {
        return names[position];
    }

    /** The position of a name, or -1 when there is none (or the name is null). */
    public int indexOf(String name) {
        Integer position = name == null ? null : positions.get(name);
        return position == null ? -1 : position;
    }

    public List<String> names() {
        return List.of(names);
    }

    /** Whether these are exactly the given names, in order. */
    public boolean sameAs(String[] others) {
        return Arrays.equals(names, others);
    }
}
