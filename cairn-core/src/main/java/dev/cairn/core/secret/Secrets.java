package dev.cairn.core.secret;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.store.SecretRecord;
import dev.cairn.core.store.SecretStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Named secrets of each tenant: written through the API, listed by name, and opened only by tools
 * at the edge of a call ({@link SecretResolver}). Values are sealed with AES-256-GCM under the
 * server's {@link SecretsKey} before they reach the {@link SecretStore}; nothing here logs or
 * returns a value except {@link #resolve}.
 *
 * <p>Thread-safe. Writes are durable when they return.
 */
public final class Secrets implements SecretResolver {

    /** The longest value taken, in characters. */
    public static final int MAX_VALUE_CHARS = 8192;

    private final SecretStore store;
    private final SecretCipher cipher;
    private final Clock clock;

    private Secrets(SecretStore store, SecretCipher cipher, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.cipher = cipher;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Secrets in {@code store}, sealed with {@code key} and fresh nonces from {@code random}. */
    public static Secrets create(SecretStore store, SecretsKey key, SecureRandom random, Clock clock) {
        return new Secrets(store, new SecretCipher(key, random), clock);
    }

    /** What {@link #put} did. */
    public record Written(SecretInfo secret, boolean created) {
    }

    /**
     * Seals and stores {@code value} as the tenant's secret {@code name}, replacing any value it had.
     *
     * @throws InvalidRequestException when the name breaks {@link SecretName}'s rules, or the value is
     *                                 empty, longer than {@value #MAX_VALUE_CHARS} characters or holds
     *                                 control characters (it could not travel in a header); the message
     *                                 never repeats the value
     */
    public Written put(String tenantId, String name, String value) {
        SecretName.check(name);
        checkValue(value);
        Instant now = clock.instant();
        SecretStore.Written written = store.put(cipher.seal(tenantId, name, value, now, now));
        return new Written(info(written.stored()), written.created());
    }

    /** The tenant's secrets by name, without values. */
    public List<SecretInfo> list(String tenantId) {
        return store.list(tenantId).stream().map(Secrets::info).toList();
    }

    /**
     * Removes the tenant's secret {@code name}.
     *
     * @throws NotFoundException when the tenant has none of that name
     */
    public void delete(String tenantId, String name) {
        SecretName.check(name);
        if (!store.delete(tenantId, name)) {
            throw new NotFoundException("secret", name);
        }
    }

    @Override
    public String resolve(String tenantId, String name) {
        SecretRecord record = store.find(tenantId, name).orElseThrow(() -> new MissingSecretException(name));
        return cipher.open(record);
    }

    /** The id of the key new secrets are sealed with. */
    public String keyId() {
        return cipher.keyId();
    }

    private static void checkValue(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("'value' must not be empty");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw new InvalidRequestException("'value' has " + value.length() + " characters; the limit is " + MAX_VALUE_CHARS);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new InvalidRequestException("'value' holds a control character at index " + i
                        + "; secrets travel in HTTP headers, which cannot carry them");
            }
        }
    }

    private static SecretInfo info(SecretRecord record) {
        return new SecretInfo(record.name(), record.createdAt(), record.updatedAt());
    }
}
