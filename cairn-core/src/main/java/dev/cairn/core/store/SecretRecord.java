package dev.cairn.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored secret: its value sealed with AES-GCM, never the value itself. Immutable (the arrays
 * are copied in and out).
 *
 * @param tenantId   the tenant the secret belongs to
 * @param name       its name within the tenant
 * @param keyId      the id of the key that sealed it (not the key)
 * @param nonce      the 96-bit nonce of this seal
 * @param ciphertext the sealed value with its authentication tag
 * @param createdAt  when the name was first written
 * @param updatedAt  when the value was last written
 */
public record SecretRecord(String tenantId, String name, String keyId, byte[] nonce, byte[] ciphertext,
                           Instant createdAt, Instant updatedAt) {

    public SecretRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyId, "keyId");
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretRecord that && tenantId.equals(that.tenantId) && name.equals(that.name)
                && keyId.equals(that.keyId) && java.util.Arrays.equals(nonce, that.nonce)
                && java.util.Arrays.equals(ciphertext, that.ciphertext) && createdAt.equals(that.createdAt)
                && updatedAt.equals(that.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, name, keyId, java.util.Arrays.hashCode(nonce), createdAt, updatedAt);
    }

    /** Names the secret; never shows the sealed bytes. */
    @Override
    public String toString() {
        return "SecretRecord[" + tenantId + "/" + name + ", key " + keyId + ", updated " + updatedAt + "]";
    }
}
