package dev.cairn.core.archive;

import dev.cairn.core.CairnException;

/** An archive could not be written or removed. Whatever the store holds is unchanged. */
public final class ArchiveException extends CairnException {

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "archive_failed";
    }
}
