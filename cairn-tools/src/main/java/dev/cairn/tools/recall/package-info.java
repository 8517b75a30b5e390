/**
 * Recall of a session's own conversation: the built-in {@code conversation_search} tool and the
 * in-memory Lucene indexes it searches, derived from the session's log through the core's
 * {@link dev.cairn.core.session.SessionHistory} port.
 */
package dev.cairn.tools.recall;
