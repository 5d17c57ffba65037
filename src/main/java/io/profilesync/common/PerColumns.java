package io.profilesync.common;

import java.util.function.Function;

/**
 * Something worked out from a row's {@link Columns} (which positions hold the fields a mapper needs), kept for as
 * long as the rows come with the same instance: once per CSV file. Not for sharing between threads.
 */
public final class PerColumns<T> {

    private final Function<Columns, T> compute;
    private Columns columns;
    private T value;

    public PerColumns(Function<Columns, T> compute) {
        this.compute = compute;
    }

    public T of(Columns rowColumns) {
        if (rowColumns != columns) {
            value = compute.apply(rowColumns);
            columns = rowColumns;
        }
        return value;
    }
}
