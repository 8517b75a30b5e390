package dev.cairn.core.store;

import java.util.Optional;

/**
 * Large tool outputs, stored once by content hash (see {@link dev.cairn.core.event.LargeOutputs}).
 * Blobs are written by the event store, in the transaction of the event that refers to them, and
 * deleted with the last session that refers to them.
 *
 * <p>A tenant sees a blob only while one of its sessions refers to it; to every other tenant it
 * does not exist. Thread-safe.
 */
public interface BlobStore {

    /** The blob's size in bytes, if a session of the tenant refers to it. */
    Optional<Long> size(String tenantId, String sha256);

    /**
     * Up to {@code length} bytes of the blob from byte {@code offset} (fewer at its end, none past
     * it), if a session of the tenant refers to it.
     *
     * @throws dev.cairn.core.InvalidRequestException when offset or length is negative
     */
    Optional<byte[]> read(String tenantId, String sha256, long offset, int length);
}
