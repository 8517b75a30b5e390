package dev.cairn.core.secret;

import dev.cairn.core.store.SecretRecord;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens secret values with AES-256-GCM (the JDK's provider): a fresh random 96-bit
 * nonce for every seal, a 128-bit tag, and additional authenticated data that binds the ciphertext
 * to its tenant and name, so a sealed value copied to another row does not open. Thread-safe
 * (a {@link Cipher} is made per call).
 */
final class SecretCipher {

    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretsKey key;
    private final SecureRandom random;

    SecretCipher(SecretsKey key, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.random = Objects.requireNonNull(random, "random");
    }

    String keyId() {
        return key.id();
    }

    SecretRecord seal(String tenantId, String name, String value, Instant createdAt, Instant updatedAt) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(tenantId, name));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return new SecretRecord(tenantId, name, key.id(), nonce, sealed, createdAt, updatedAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime: " + e.getMessage(), e);
        }
    }

    /**
     * @throws SecretUnreadableException when the record was sealed with another key, or was altered
     *                                   or moved to another tenant or name
     */
    String open(SecretRecord record) {
        if (!record.keyId().equals(key.id())) {
            throw new SecretUnreadableException("secret '" + record.name() + "' was sealed with key " + record.keyId()
                    + ", but this server's secrets key is " + key.id() + " (set CAIRN_SECRETS_KEY to the key it was"
                    + " written with, or write the secret again)");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, record.nonce()));
            cipher.updateAAD(associatedData(record.tenantId(), record.name()));
            return new String(cipher.doFinal(record.ciphertext()), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretUnreadableException("secret '" + record.name() + "' does not open with this server's key "
                    + key.id() + ": its stored row was altered or does not belong to this tenant and name");
        } catch (GeneralSecurityException e) {
            throw new SecretUnreadableException("secret '" + record.name() + "' cannot be opened: "
                    + e.getClass().getSimpleName());
        }
    }

    private static byte[] associatedData(String tenantId, String name) {
        return ("cairn secret v1\0" + tenantId + "\0" + name).getBytes(StandardCharsets.UTF_8);
    }
}
