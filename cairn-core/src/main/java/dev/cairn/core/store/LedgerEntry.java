package dev.cairn.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One link of the ledger's hash chain: the call, where and when it was appended, and the hashes
 * that chain it to the entry before ({@link LedgerChain}).
 *
 * @param seq      1 for the first entry, one more for each later one
 * @param prevHash the hash of entry {@code seq - 1} ({@link LedgerChain#GENESIS} for the first)
 * @param hash     SHA-256, lowercase hex, of this entry's canonical form (which includes {@code prevHash})
 */
public record LedgerEntry(long seq, Instant time, LedgerCall call, String prevHash, String hash) {
    public LedgerEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
