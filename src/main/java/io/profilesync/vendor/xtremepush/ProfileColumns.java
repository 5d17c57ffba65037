package io.profilesync.vendor.xtremepush;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import io.profilesync.common.JsonWriter;

/**
 * One profile's columns and values (text or whole numbers), in the order they were put, reused row after row.
 * A column put again keeps its first place and takes the later value, as a JSON object's field does; only when
 * the row's names can repeat (renames, typed values) is that looked up.
 */
final class ProfileColumns {

    private String[] names = new String[32];
    private Object[] values = new Object[32];
    private int size;
    private final Map<String, Integer> places = new HashMap<>();
    private boolean mayRepeat;

    /** Starts a row's profile. */
    void clear(boolean namesMayRepeat) {
        Arrays.fill(values, 0, size, null);
        size = 0;
        mayRepeat = namesMayRepeat;
        places.clear();
    }

    void put(String name, String text) {
        add(name, text);
    }

    void put(String name, long number) {
        add(name, number);
    }

    private void add(String name, Object value) {
        if (mayRepeat) {
            Integer place = places.putIfAbsent(name, size);
            if (place != null) {
                values[place] = value;
                return;
            }
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size++] = value;
    }

    /** The column names, as a key for the shape they make (a copy: this instance is reused). */
    Shape shape() {
        return new Shape(Arrays.copyOf(names, size));
    }

    /** Whether these are the columns of {@code shape}. */
    boolean hasShape(Shape shape) {
        return Arrays.equals(names, 0, size, shape.names(), 0, shape.names().length);
    }

    /** The values as one row: {@code ["text",123,...]}. */
    void writeRow(JsonWriter json) {
        json.startArray();
        for (int i = 0; i < size; i++) {
            if (values[i] instanceof String text) {
                json.string(text);
            } else {
                json.number((Long) values[i]);
            }
        }
        json.endArray();
    }

    /** A list of column names, compared by its names. */
    record Shape(String[] names) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Shape shape && Arrays.equals(names, shape.names);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(names);
        }
    }
}
