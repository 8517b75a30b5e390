package dev.cairn.documents;

import dev.cairn.core.CairnException;

/**
 * A document that cannot be taken in, and why: nothing is stored for it (an upload), or it is
 * stored as failed with this message (a file of a folder).
 */
public final class DocumentRejectedException extends CairnException {

    /** Why a document is refused. */
    public enum Reason {
        /** Its format is not one of {@link DocumentType}'s. */
        UNSUPPORTED("unsupported_media_type"),
        /** It is larger than the limit. */
        TOO_LARGE("payload_too_large"),
        /** Its content does not parse as its format says, or holds no text. */
        UNREADABLE("unreadable_document");

        private final String type;

        Reason(String type) {
            this.type = type;
        }
    }

    private final Reason reason;

    public DocumentRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public DocumentRejectedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String type() {
        return reason.type;
    }
}
