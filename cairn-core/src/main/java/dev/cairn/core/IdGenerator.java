package dev.cairn.core;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Makes ids for new objects. Injected wherever ids are made, so tests can make them predictable.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface IdGenerator {

    /** A new id that starts with {@code prefix} and an underscore, for example {@code run_8f3k...}. */
    String newId(String prefix);

    /** Random ids: 20 characters of Crockford base32 from a {@link SecureRandom}, about 100 bits. */
    static IdGenerator random() {
        SecureRandom random = new SecureRandom();
        char[] alphabet = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
        return prefix -> {
            // One call for all the randomness: each SecureRandom call takes a lock. A byte's low
            // five bits are uniform over the 32 letters.
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            char[] chars = new char[bytes.length];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[bytes[i] & 31];
            }
            return prefix.toLowerCase(Locale.ROOT) + "_" + new String(chars);
        };
    }

    /** Ids {@code PREFIX_1}, {@code PREFIX_2}, ... in order, for tests and replays. */
    static IdGenerator sequential() {
        java.util.concurrent.atomic.AtomicLong counter = new java.util.concurrent.atomic.AtomicLong();
        return prefix -> prefix + "_" + counter.incrementAndGet();
    }
}
