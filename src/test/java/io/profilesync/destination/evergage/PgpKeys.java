package io.profilesync.destination.evergage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPairGenerator;
import java.util.Date;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/** A customer's PGP key pair, made for a test: the public key as the evergage secret holds it, and decryption. */
public final class PgpKeys {

    private final PGPKeyPair pair;

    public PgpKeys() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            pair = new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(), new Date());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ASCII-armoured public key ({@code -----BEGIN PGP PUBLIC KEY BLOCK-----}). */
    public String armouredPublicKey() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armoured = new ArmoredOutputStream(out)) {
            pair.getPublicKey().encode(armoured);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public byte[] decrypt(byte[] encrypted) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(encrypted))) {
            Object first = new JcaPGPObjectFactory(in).nextObject();
            PGPEncryptedDataList list = first instanceof PGPEncryptedDataList l ? l
                    : (PGPEncryptedDataList) new JcaPGPObjectFactory(in).nextObject();
            PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
            InputStream clear = data.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder().build(pair.getPrivateKey()));
            PGPLiteralData literal = (PGPLiteralData) new JcaPGPObjectFactory(clear).nextObject();
            byte[] bytes = literal.getInputStream().readAllBytes();
            if (!data.verify()) {
                throw new IOException("the PGP integrity check failed");
            }
            return bytes;
        } catch (org.bouncycastle.openpgp.PGPException e) {
            throw new IOException("not decryptable: " + e.getMessage(), e);
        }
    }
}
