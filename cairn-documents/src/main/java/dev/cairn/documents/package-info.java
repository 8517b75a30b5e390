/**
 * Document collections an agent searches: files taken in by upload or from a server folder,
 * their text extracted by Apache Tika, cut into overlapping chunks, embedded, and searched by the
 * same hybrid Lucene index as long-term memory ({@code cairn-memory}). The store is the truth;
 * the index is derived from it and follows its change sequence.
 */
package dev.cairn.documents;
