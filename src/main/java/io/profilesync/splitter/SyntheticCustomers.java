package io.profilesync.splitter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import io.airlift.compress.snappy.SnappyCompressor;

/**
 * Generated customers, in the columns the default mapping knows and two of its own, as a CSV file made row by row as
 * it is read (nothing held, nothing on disk) or as a typed Parquet file, as a warehouse unloads one. Their rows take
 * every path a real file's do: text that needs quoting or is not ASCII, a user seen again later (the last row wins), an
 * invalid email or phone number (rejected), a blank value. Only for priming the splitter ({@link SplitPriming}): no
 * customer's data.
 */
final class SyntheticCustomers extends InputStream {

    private static final String[] CITIES = {"Berlin", "Köln", "Zürich", "London", "Paris", "Kraków", "Oslo"};
    private static final String[] LANGUAGES = {"de", "de", "de", "en", "fr", "pl", "no"};
    private static final String[] COUNTRIES = {"DE", "DE", "CH", "GB", "FR", "PL", "NO"};
    /** A customer's text columns, in the order of {@link Customer#texts}; the typed ones follow them. */
    private static final String[] TEXT_COLUMNS = {"user_id", "email", "phone", "first_name", "last_name", "gender", "country",
        "city", "language", "account_name", "segment"};
    private static final String[] OPT_INS = {"email_optin", "sms_optin", "whatsapp_optin", "gdpr_optin"};
    static final String HEADER = String.join(",", TEXT_COLUMNS) + ",birthday,age," + String.join(",", OPT_INS)
            + ",lifetime_value\n";
    /** The Parquet form's columns, as the CSV's: text as STRING, the birthday a DATE, the age an INT32, opt-ins BOOLEAN, the value a DOUBLE. */
    private static final MessageType PARQUET_SCHEMA = parquetSchema();

    private final long rows;
    private long row;
    private byte[] current = HEADER.getBytes(StandardCharsets.UTF_8);
    private int at;

    /** The CSV form, {@code rows} rows after the header. */
    SyntheticCustomers(long rows) {
        this.rows = rows;
    }

    /** One generated customer: its text values by {@link #TEXT_COLUMNS} (null for none), then its typed ones. */
    record Customer(String[] texts, LocalDate birthday, int age, boolean[] optIns, double lifetimeValue) {

        String csv() {
            StringBuilder line = new StringBuilder();
            for (String text : texts) {
                line.append(text == null ? "" : text.indexOf(',') >= 0 ? "\"" + text + "\"" : text).append(',');
            }
            line.append(birthday).append(',').append(age);
            for (boolean optIn : optIns) {
                line.append(',').append(optIn);
            }
            return line.append(',').append(lifetimeValue).append('\n').toString();
        }
    }

    /**
     * Customer {@code i}: every 20th is the user of ten rows before again, every 97th has an invalid email, every 89th
     * a bad phone number and every 11th none.
     */
    static Customer customer(long i) {
        long user = i % 20 == 0 ? i - 10 : i;
        int place = (int) (user % CITIES.length);
        String[] texts = {"p-" + user, i % 97 == 0 ? "person" + user + "-at-example.org" : "person" + user + "@example.org",
            i % 89 == 0 ? "12" : i % 11 == 0 ? null : "+49 151 " + (1_000_000 + user % 9_000_000),
            i % 7 == 0 ? "Zoë" : "Name" + user % 1_000, i % 5 == 0 ? "Surname, " + user % 500 : "Surname" + user % 500,
            i % 2 == 0 ? "F" : "M", COUNTRIES[place], CITIES[place], LANGUAGES[place], "Account " + user % 2_000,
            "segment-" + user % 12};
        return new Customer(texts, LocalDate.of((int) (1940 + user % 60), (int) (1 + user % 12), (int) (1 + user % 28)),
                (int) (18 + user % 70), new boolean[] {i % 2 == 0, i % 3 == 0, i % 4 == 0, true}, user % 1_000_000 / 100.0);
    }

    /**
     * Writes the first {@code rows} customers as a Parquet file, its pages SNAPPY-compressed as most warehouses write
     * them (parquet-hadoop's writer; aircompressor's Snappy, as the reader's, not the JNI library parquet-java would load).
     */
    static void writeParquet(Path file, long rows) {
        try (ParquetWriter<Customer> out = new CustomerFile(new LocalOutputFile(file)).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withCodecFactory(new SnappyPages()).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            for (long i = 1; i <= rows; i++) {
                out.write(customer(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the priming Parquet file " + file, e);
        }
    }

    private static final class CustomerFile extends ParquetWriter.Builder<Customer, CustomerFile> {

        CustomerFile(LocalOutputFile file) {
            super(file);
        }

        @Override
        protected CustomerFile self() {
            return this;
        }

        @Override
        protected WriteSupport<Customer> getWriteSupport(Configuration configuration) {
            return new CustomerRecords();
        }
    }

    /** A customer as one record of {@link #PARQUET_SCHEMA}; a null value is left out. */
    private static final class CustomerRecords extends WriteSupport<Customer> {

        private RecordConsumer out;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(PARQUET_SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(Customer customer) {
            out.startMessage();
            int field = 0;
            for (int column = 0; column < TEXT_COLUMNS.length; column++, field++) {
                String text = customer.texts()[column];
                if (text != null) {
                    out.startField(TEXT_COLUMNS[column], field);
                    out.addBinary(Binary.fromString(text));
                    out.endField(TEXT_COLUMNS[column], field);
                }
            }
            out.startField("birthday", field);
            out.addInteger((int) customer.birthday().toEpochDay());
            out.endField("birthday", field++);
            out.startField("age", field);
            out.addInteger(customer.age());
            out.endField("age", field++);
            for (int optIn = 0; optIn < OPT_INS.length; optIn++, field++) {
                out.startField(OPT_INS[optIn], field);
                out.addBoolean(customer.optIns()[optIn]);
                out.endField(OPT_INS[optIn], field);
            }
            out.startField("lifetime_value", field);
            out.addDouble(customer.lifetimeValue());
            out.endField("lifetime_value", field);
            out.endMessage();
        }
    }

    /** SNAPPY page compression in plain Java (aircompressor); only compresses. */
    private static final class SnappyPages implements CompressionCodecFactory {

        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            SnappyCompressor snappy = new SnappyCompressor();
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    byte[] page = bytes.toByteArray();
                    byte[] compressed = new byte[snappy.maxCompressedLength(page.length)];
                    int length = snappy.compress(page, 0, page.length, compressed, 0, compressed.length);
                    return BytesInput.from(compressed, 0, length);
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return CompressionCodecName.SNAPPY;
                }

                @Override
                public void release() {
                }
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("only compresses");
        }

        @Override
        public void release() {
        }
    }

    private static MessageType parquetSchema() {
        Types.MessageTypeBuilder schema = Types.buildMessage();
        for (String column : TEXT_COLUMNS) {
            schema.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(column);
        }
        schema.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("birthday");
        schema.optional(PrimitiveTypeName.INT32).named("age");
        for (String optIn : OPT_INS) {
            schema.optional(PrimitiveTypeName.BOOLEAN).named(optIn);
        }
        schema.optional(PrimitiveTypeName.DOUBLE).named("lifetime_value");
        return schema.named("customer");
    }

    @Override
    public int read() {
        if (!ready()) {
            return -1;
        }
        return current[at++] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int read = 0;
        while (read < length && ready()) {
            int n = Math.min(length - read, current.length - at);
            System.arraycopy(current, at, into, offset + read, n);
            at += n;
            read += n;
        }
        return read == 0 ? -1 : read;
    }

    private boolean ready() {
        while (at == current.length) {
            if (row == rows) {
                return false;
            }
            current = customer(++row).csv().getBytes(StandardCharsets.UTF_8);
            at = 0;
        }
        return true;
    }
}
