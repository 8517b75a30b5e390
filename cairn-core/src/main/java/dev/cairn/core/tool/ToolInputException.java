package dev.cairn.core.tool;

import dev.cairn.core.CairnException;

/** A tool was called with arguments it cannot use. The model is told the message and may try again. */
public final class ToolInputException extends CairnException {

    public ToolInputException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "tool_input_invalid";
    }
}
