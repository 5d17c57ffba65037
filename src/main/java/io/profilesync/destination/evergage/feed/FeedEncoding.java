package io.profilesync.destination.evergage.feed;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.zip.GZIPOutputStream;

import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

import io.profilesync.config.ConfigurationException;

/**
 * How a feed file's bytes are packed: optionally gzip'd, optionally PGP-encrypted to the customer's public key
 * (https://help.salesforce.com/s/articleView?id=mktg.mc_pers_etl_file_requirements.htm: "Valid compressed file
 * extensions are .zip and .gz. The valid encryption extension is .pgp."; the Evergage knowledge base, "Setup and Deploy
 * ETL Feeds": "To encrypt your data prior to sending it to Interaction Studio, use a PGP Public Key"). Compressed, then
 * encrypted (an assumption, see {@link FeedRules}). Without PGP the bytes are the same on every attempt, so an upload
 * cut short can be resumed; with PGP (a new session key each time) it is restarted.
 *
 * @param gzip whether to gzip
 * @param pgp the public key to encrypt to, or null
 */
public record FeedEncoding(boolean gzip, PGPPublicKey pgp) {

    /** The key in an ASCII-armoured (or binary) public key block: its first key that can encrypt. */
    public static PGPPublicKey publicKey(String armoured) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armoured.getBytes(StandardCharsets.US_ASCII)))) {
            for (PGPPublicKeyRing ring : new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator())) {
                for (PGPPublicKey key : ring) {
                    if (key.isEncryptionKey()) {
                        return key;
                    }
                }
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw new ConfigurationException("the evergage secret's \"" + FeedCredentials.PGP_PUBLIC_KEY
                    + "\" is not a PGP public key block: " + e.getMessage());
        }
        throw new ConfigurationException("the evergage secret's \"" + FeedCredentials.PGP_PUBLIC_KEY
                + "\" holds no PGP key that can encrypt");
    }

    /** Whether the same batch always gives the same bytes, so an upload cut short may go on where it stopped. */
    public boolean resumable() {
        return pgp == null;
    }

    /** The file's name for this second. */
    public String fileName(java.time.Instant second) {
        return FeedRules.fileName(second, gzip, pgp != null);
    }

    /** The stream the CSV is written to: closing it finishes every layer and closes {@code sink}. */
    public OutputStream open(OutputStream sink, String csvName) throws IOException {
        OutputStream out = sink;
        if (pgp != null) {
            PGPEncryptedDataGenerator encrypted = new PGPEncryptedDataGenerator(new JcePGPDataEncryptorBuilder(
                    SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()));
            encrypted.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(pgp));
            OutputStream cipher;
            try {
                cipher = encrypted.open(out, new byte[1 << 16]);
            } catch (PGPException e) {
                throw new IOException("PGP encryption could not start: " + e.getMessage(), e);
            }
            PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
            OutputStream plain = literal.open(cipher, PGPLiteralData.BINARY, csvName, new Date(0), new byte[1 << 16]);
            out = new Closing(plain, () -> {
                literal.close();
                encrypted.close();
                sink.close();
            });
        }
        if (gzip) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return out;
    }

    /** A stream whose close runs the layers' own closes, innermost last. */
    private static final class Closing extends FilterOutputStream {
        private final IoAction close;

        Closing(OutputStream out, IoAction close) {
            super(out);
            this.close = close;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
            close.run();
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
