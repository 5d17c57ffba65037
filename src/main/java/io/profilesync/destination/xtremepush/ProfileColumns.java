package io.profilesync.destination.xtremepush;

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
    /** Per column its text, or null for a number. */
    private String[] texts = new String[32];
    private long[] numbers = new long[32];
    private int size;
    private final Map<String, Integer> places = new HashMap<>();
    private boolean mayRepeat;

    /** Starts a row's profile. */
    void clear(boolean namesMayRepeat) {
        size = 0;
        mayRepeat = namesMayRepeat;
        places.clear();
    }

    void put(String name, String text) {
        int place = place(name);
        texts[place] = text;
    }

    void put(String name, long number) {
        int place = place(name);
        texts[place] = null;
        numbers[place] = number;
    }

    /** Where a column's value goes: its earlier place, or the next. */
    private int place(String name) {
        if (mayRepeat) {
            Integer place = places.putIfAbsent(name, size);
            if (place != null) {
                return place;
            }
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            texts = Arrays.copyOf(texts, size * 2);
            numbers = Arrays.copyOf(numbers, size * 2);
        }
        names[size] = name;
        return size++;
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
            if (texts[i] != null) {
                json.string(texts[i]);
            } else {
                json.number(numbers[i]);
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
