package io.profilesync.ingest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet schema's top-level columns as the values of one row, typed as the Parquet format's logical types say
 * (https://github.com/apache/parquet-format/blob/master/LogicalTypes.md): text stays a {@link String}; BOOLEAN a
 * {@link Boolean}; integers a {@link Long} ({@link BigDecimal} for an unsigned 64-bit one), DECIMAL a
 * {@link BigDecimal}, FLOAT and DOUBLE a {@link Float} and {@link Double}; DATE a {@link LocalDate}; TIMESTAMP (UTC
 * or local, any unit) and the legacy INT96 an {@link Instant}, a local timestamp taken as UTC; TIME its text; LIST
 * (and a repeated column) a {@link List} of its elements. A struct, a map or a list of structs is refused with a
 * plain message naming the file and the column.
 */
final class ParquetValues extends RecordMaterializer<Object[]> {

    /** Days from the Julian day 0 of INT96 timestamps to 1970-01-01. */
    private static final long JULIAN_EPOCH_DAY = 2_440_588;

    private final Root root;

    ParquetValues(String fileName, MessageType schema) {
        this.root = new Root(fileName, schema);
    }

    @Override
    public Object[] getCurrentRecord() {
        return root.row;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    /** The refusal of a column profile-sync does not read, or null when it reads it. */
    static String refusal(String fileName, Type column) {
        if (column.isPrimitive()) {
            return null;
        }
        GroupType group = column.asGroupType();
        LogicalTypeAnnotation logical = group.getLogicalTypeAnnotation();
        String kind;
        if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            if (listElement(group) != null) {
                return null;
            }
            kind = "a list of structs";
        } else if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            kind = "a map";
        } else {
            kind = "a struct (a group of nested fields)";
        }
        return fileName + ": column '" + column.getName() + "' is " + kind + ", which profile-sync does not read: a"
                + " column must hold a value or a list of values; export its fields as columns of their own (for"
                + " example SELECT " + column.getName() + ".field AS " + column.getName() + "_field), or leave it out";
    }

    /** A LIST's element when it is a value (the 3-level and the legacy 2-level forms), or null for a list of groups. */
    private static PrimitiveType listElement(GroupType list) {
        if (list.getFieldCount() != 1) {
            return null;
        }
        Type repeated = list.getType(0);
        if (repeated.isPrimitive()) {
            return repeated.asPrimitiveType();
        }
        GroupType level = repeated.asGroupType();
        return level.getFieldCount() == 1 && level.getType(0).isPrimitive() ? level.getType(0).asPrimitiveType() : null;
    }

    private static final class Root extends GroupConverter {
        private final Converter[] columns;
        private Object[] row;

        Root(String fileName, MessageType schema) {
            columns = new Converter[schema.getFieldCount()];
            for (int i = 0; i < columns.length; i++) {
                Type column = schema.getType(i);
                String refusal = refusal(fileName, column);
                if (refusal != null) {
                    throw new InputFormatException(0, refusal);
                }
                int slot = i;
                if (column.isPrimitive()) {
                    Consumer<Object> set = column.isRepetition(Type.Repetition.REPEATED) ? value -> list(slot).add(value)
                            : value -> row[slot] = value;
                    columns[i] = new Value(column.asPrimitiveType(), set);
                } else {
                    columns[i] = new ListColumn(column.asGroupType(), slot);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private List<Object> list(int slot) {
            if (row[slot] == null) {
                row[slot] = new ArrayList<>();
            }
            return (List<Object>) row[slot];
        }

        @Override
        public Converter getConverter(int field) {
            return columns[field];
        }

        @Override
        public void start() {
            row = new Object[columns.length];
        }

        @Override
        public void end() {
        }

        /** A LIST column: its repeated level, and for the 3-level form the level of the element under it. */
        private final class ListColumn extends GroupConverter {
            private final int slot;
            private final Converter repeated;

            ListColumn(GroupType list, int slot) {
                this.slot = slot;
                Value element = new Value(listElement(list), value -> list(slot).add(value));
                this.repeated = list.getType(0).isPrimitive() ? element : new GroupConverter() {
                    @Override
                    public Converter getConverter(int field) {
                        return element;
                    }

                    @Override
                    public void start() {
                    }

                    @Override
                    public void end() {
                    }
                };
            }

            @Override
            public Converter getConverter(int field) {
                return repeated;
            }

            @Override
            public void start() {
                list(slot);
            }

            @Override
            public void end() {
            }
        }
    }

    /** One primitive column's values, typed by its logical type; dictionary pages are decoded once per dictionary. */
    private static final class Value extends PrimitiveConverter {
        private final PrimitiveType type;
        private final LogicalTypeAnnotation logical;
        private final Consumer<Object> set;
        private Object[] dictionary;

        Value(PrimitiveType type, Consumer<Object> set) {
            this.type = type;
            this.logical = type.getLogicalTypeAnnotation();
            this.set = set;
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary values) {
            dictionary = new Object[values.getMaxId() + 1];
            for (int id = 0; id < dictionary.length; id++) {
                dictionary[id] = switch (type.getPrimitiveTypeName()) {
                    case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> ofBinary(values.decodeToBinary(id));
                    case INT32 -> ofInt(values.decodeToInt(id));
                    case INT64 -> ofLong(values.decodeToLong(id));
                    case FLOAT -> values.decodeToFloat(id);
                    case DOUBLE -> values.decodeToDouble(id);
                    case BOOLEAN -> values.decodeToBoolean(id);
                };
            }
        }

        @Override
        public void addValueFromDictionary(int id) {
            set.accept(dictionary[id]);
        }

        @Override
        public void addBoolean(boolean value) {
            set.accept(value);
        }

        @Override
        public void addInt(int value) {
            set.accept(ofInt(value));
        }

        @Override
        public void addLong(long value) {
            set.accept(ofLong(value));
        }

        @Override
        public void addFloat(float value) {
            set.accept(value);
        }

        @Override
        public void addDouble(double value) {
            set.accept(value);
        }

        @Override
        public void addBinary(Binary value) {
            set.accept(ofBinary(value));
        }

        private Object ofInt(int value) {
            if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                return LocalDate.ofEpochDay(value);
            }
            if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
                return BigDecimal.valueOf(value, decimal.getScale());
            }
            if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                return LocalTime.ofNanoOfDay(value * 1_000_000L).toString();
            }
            if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer && !integer.isSigned()) {
                return Integer.toUnsignedLong(value);
            }
            return (long) value;
        }

        private Object ofLong(long value) {
            if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
                return switch (timestamp.getUnit()) {
                    case MILLIS -> Instant.ofEpochMilli(value);
                    case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
                    case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
                };
            }
            if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
                return BigDecimal.valueOf(value, decimal.getScale());
            }
            if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time) {
                return LocalTime.ofNanoOfDay(time.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS ? value : value * 1_000L)
                        .toString();
            }
            if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer && !integer.isSigned()
                    && value < 0) {
                return new BigDecimal(Long.toUnsignedString(value));
            }
            return value;
        }

        private Object ofBinary(Binary value) {
            if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96) {
                // Impala's and Hive's timestamps (Athena, older Spark): nanoseconds of the day, then the Julian day
                ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanos = bytes.getLong();
                long day = bytes.getInt() - JULIAN_EPOCH_DAY;
                return Instant.ofEpochSecond(day * 86_400L, 0).plusNanos(nanos);
            }
            if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
                return new BigDecimal(new BigInteger(value.getBytes()), decimal.getScale());
            }
            if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                ByteBuffer bytes = value.toByteBuffer();
                return new UUID(bytes.getLong(), bytes.getLong()).toString();
            }
            return value.toStringUsingUTF8();
        }
    }
}
