package dev.cairn.documents;

import dev.cairn.core.documents.StoredDocument;

/**
 * What taking in a document did.
 *
 * @param document the document as stored now
 * @param outcome  {@code created}, {@code replaced} (same name, new content) or {@code unchanged}
 *                 (same name and content: nothing was done)
 */
public record Ingested(StoredDocument document, String outcome) {

    public static final String CREATED = "created";
    public static final String REPLACED = "replaced";
    public static final String UNCHANGED = "unchanged";

    /** True when the document's chunks were written. */
    public boolean changed() {
        return !UNCHANGED.equals(outcome);
    }
}
