/**
 * Document collections an agent searches: the records the store keeps of collections, their
 * documents and the chunks of each document's text, and the {@link dev.cairn.core.documents.DocumentStore}
 * port. Extraction, chunking, embedding and the retrieval index live in {@code cairn-documents}.
 */
package dev.cairn.core.documents;
