package dev.cairn.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The ledger's hash chain: each entry's hash is SHA-256 over its canonical form, and the canonical
 * form includes the previous entry's hash, so changing, removing or reordering an entry breaks
 * every link after it.
 *
 * <p>The canonical form is a JSON object of a fixed set of fields, keys in ascending order, no
 * whitespace, integers as integers, times as epoch milliseconds and texts as UTF-8 JSON strings
 * (see {@link #canonical} for the field list). With only strings and integers, this is the JSON
 * Canonicalization Scheme's (RFC 8785) output, but for the hex digits of escaped control
 * characters, which are upper case here. Thread-safe.
 */
public final class LedgerChain {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(LedgerChain::sha256);
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    /** A canonical form's bytes, reused by its thread so hashing a million entries allocates little. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1024);
        }

        void digestInto(MessageDigest digest) {
            digest.update(buf, 0, count);
        }
    }

    private LedgerChain() {
    }

    /** The hash entry {@code seq} appended at {@code time} with {@code call} after {@code prevHash} must have. */
    public static String hash(long seq, Instant time, LedgerCall call, String prevHash) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        Buffer buffer = BUFFERS.get();
        buffer.reset();
        write(buffer, seq, time, call, prevHash);
        buffer.digestInto(digest);
        return HEX.formatHex(digest.digest());
    }

    /** Whether {@code entry}'s hash is the one its fields give. */
    public static boolean intact(LedgerEntry entry) {
        return hash(entry.seq(), entry.time(), entry.call(), entry.prevHash()).equals(entry.hash());
    }

    /** The canonical form: UTF-8 JSON of every field, keys sorted. */
    public static byte[] canonical(long seq, Instant time, LedgerCall call, String prevHash) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        write(bytes, seq, time, call, prevHash);
        return bytes.toByteArray();
    }

    private static void write(ByteArrayOutputStream bytes, long seq, Instant time, LedgerCall call, String prevHash) {
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("agent", call.agent());
            json.writeNumberField("agent_version", call.agentVersion());
            json.writeStringField("classification", call.classification());
            json.writeNumberField("cost_micros", call.costMicros());
            json.writeStringField("endpoint_host", call.endpointHost());
            json.writeStringField("kind", call.kind());
            json.writeNumberField("latency_ms", call.latencyMillis());
            json.writeStringField("model", call.model());
            json.writeStringField("outcome", call.outcome());
            json.writeStringField("policy_rule", call.policyRule());
            json.writeNumberField("policy_version", call.policyVersion());
            json.writeStringField("prev_hash", prevHash);
            json.writeStringField("provider", call.provider());
            json.writeStringField("purpose", call.purpose());
            json.writeStringField("region", call.region());
            json.writeStringField("route", call.route());
            json.writeStringField("run_id", call.runId());
            json.writeNumberField("seq", seq);
            json.writeStringField("session_id", call.sessionId());
            json.writeNumberField("step", call.step());
            json.writeStringField("tenant_id", call.tenantId());
            json.writeNumberField("time", time.toEpochMilli());
            json.writeNumberField("tokens_in", call.tokensIn());
            json.writeNumberField("tokens_out", call.tokensOut());
            json.writeStringField("tool", call.tool());
            json.writeStringField("user_id", call.userId());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a ledger entry's canonical form to memory failed", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
