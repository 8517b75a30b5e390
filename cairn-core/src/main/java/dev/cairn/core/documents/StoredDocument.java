package dev.cairn.core.documents;

import java.time.Instant;
import java.util.Objects;

/**
 * One document of a collection as stored: what was taken in, and whether its text was indexed.
 *
 * @param id           the document's id; a new one each time its content changes
 * @param collectionId the collection it belongs to
 * @param name         its name (a file name or a path inside the collection's folder), unique in the collection
 * @param mediaType    the media type its text was extracted as, for example {@code application/pdf}
 * @param sizeBytes    the size of its content
 * @param contentHash  the SHA-256 of its content, hex: the same name with the same hash is not ingested again
 * @param status       {@link #INDEXED}, or {@link #FAILED} when its text could not be extracted
 * @param error        why it failed, or null
 * @param pages        its number of pages when the format has pages, or null
 * @param chunkCount   the number of chunks its text was cut into
 * @param createdAt    when this content was stored
 */
public record StoredDocument(String id, String collectionId, String name, String mediaType, long sizeBytes,
                             String contentHash, String status, String error, Integer pages, int chunkCount,
                             Instant createdAt) {

    public static final String INDEXED = "indexed";
    public static final String FAILED = "failed";

    public StoredDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!INDEXED.equals(status) && !FAILED.equals(status)) {
            throw new IllegalArgumentException("a document's status is indexed or failed, got " + status);
        }
        if (FAILED.equals(status) != (error != null)) {
            throw new IllegalArgumentException("a failed document, and only a failed one, has an error");
        }
    }
}
