package dev.cairn.tools.code;

import dev.cairn.core.CairnException;

/** Code cannot run now: bubblewrap is missing or broken, an interpreter is missing, or every slot stayed busy. */
public final class SandboxUnavailableException extends CairnException {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "sandbox_unavailable";
    }
}
