package io.profilesync.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * Page decompression in plain Java: parquet-java's own codec factory goes through Hadoop's codec classes (GZIP)
 * and JNI libraries (snappy-java, zstd-jni), none of which the function packages. The codecs warehouses write:
 * SNAPPY (Snowflake, BigQuery, Redshift, Databricks), GZIP (Athena CTAS's default), ZSTD, LZ4_RAW, and none. The
 * codec names and the framing of each are those of the Parquet format's compression page,
 * https://parquet.apache.org/docs/file-format/data-pages/compression/ .
 */
final class ParquetCodecs implements CompressionCodecFactory {

    private final String fileName;

    ParquetCodecs(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("profile-sync only reads Parquet");
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> new Pages((bytes, size) -> bytes);
            case GZIP -> new Pages(ParquetCodecs::gunzip);
            case SNAPPY -> new Pages(airlift(new SnappyDecompressor()));
            case ZSTD -> new Pages(airlift(new ZstdDecompressor()));
            case LZ4_RAW -> new Pages(airlift(new Lz4Decompressor()));
            default -> throw new InputFormatException(0, fileName + ": its pages are compressed with " + codec
                    + ", which profile-sync does not read (it reads SNAPPY, GZIP, ZSTD, LZ4_RAW and uncompressed):"
                    + " export the file with one of those");
        };
    }

    @Override
    public void release() {
    }

    private interface Codec {
        byte[] decompress(byte[] compressed, int uncompressedSize) throws IOException;
    }

    private static Codec airlift(Decompressor decompressor) {
        return (compressed, size) -> {
            byte[] out = new byte[size];
            int written = decompressor.decompress(compressed, 0, compressed.length, out, 0, size);
            if (written != size) {
                throw new IOException("a page inflated to " + written + " bytes, not the " + size + " its header gives");
            }
            return out;
        };
    }

    private static byte[] gunzip(byte[] compressed, int size) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            byte[] out = in.readNBytes(size);
            if (out.length != size || in.read() >= 0) {
                throw new IOException("a page does not inflate to the " + size + " bytes its header gives");
            }
            return out;
        }
    }

    private static final class Pages implements BytesInputDecompressor {
        private final Codec codec;

        Pages(Codec codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(codec.decompress(bytes.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] compressed = new byte[compressedSize];
            input.get(compressed);
            output.put(codec.decompress(compressed, uncompressedSize));
        }

        @Override
        public void release() {
        }
    }
}
