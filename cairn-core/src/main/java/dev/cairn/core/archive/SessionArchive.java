package dev.cairn.core.archive;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where archived sessions go: one export (see {@link SessionExport}) per session, kept after the
 * session has left the store so it can be imported again. Implementations are thread-safe.
 */
public interface SessionArchive {

    /** An archive that keeps nothing; a runtime with it never archives a session. */
    SessionArchive NONE = new SessionArchive() {
        @Override
        public boolean keeps() {
            return false;
        }

        @Override
        public void write(String sessionId, Content content) {
            throw new ArchiveException("no archive is configured; session '" + sessionId + "' was not archived", null);
        }

        @Override
        public void remove(String sessionId) {
        }
    };

    /** Writes a session's export to an output stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Whether this archive keeps what is written to it. */
    default boolean keeps() {
        return true;
    }

    /**
     * Stores the session's export, replacing an earlier one. When this returns the export is
     * durable and whole; when it fails, no partial export is left behind.
     *
     * @throws ArchiveException when it cannot be written
     */
    void write(String sessionId, Content content);

    /** Removes the session's export, if there is one (an archive the session outlived). */
    void remove(String sessionId);
}
