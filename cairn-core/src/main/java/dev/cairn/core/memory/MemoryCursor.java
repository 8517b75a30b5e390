package dev.cairn.core.memory;

import dev.cairn.core.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a newest-first listing of memories stopped: the next page holds the items created before
 * this one (ties in time broken by id). Handed to clients as an opaque {@link #token()}.
 */
public record MemoryCursor(Instant createdAt, String id) {

    public MemoryCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** The cursor after {@code item}. */
    public static MemoryCursor after(MemoryItem item) {
        return new MemoryCursor(item.createdAt(), item.id());
    }

    /** An opaque, URL-safe text for the cursor. */
    public String token() {
        String plain = createdAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor a {@link #token()} stands for.
     *
     * @throws InvalidRequestException when the text is not a token this class made
     */
    public static MemoryCursor parse(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            if (colon > 0 && colon < plain.length() - 1) {
                return new MemoryCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))),
                        plain.substring(colon + 1));
            }
        } catch (IllegalArgumentException e) {
            // answered below: whatever it is, it is not one of our cursors
        }
        throw new InvalidRequestException("cursor '" + token + "' is not a cursor this server handed out");
    }
}
