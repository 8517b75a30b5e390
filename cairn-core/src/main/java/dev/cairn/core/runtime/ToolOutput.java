package dev.cairn.core.runtime;

import dev.cairn.core.InvalidRequestException;

/**
 * The caller's result of one client tool call.
 *
 * @param callId the call's id, as in {@code tool.client_requested}
 * @param output what the tool produced, or, when {@code error}, what went wrong; the model reads it
 * @param error  true when the call failed
 */
public record ToolOutput(String callId, String output, boolean error) {
    public ToolOutput {
        if (callId == null || callId.isBlank()) {
            throw new InvalidRequestException("each output needs a 'call_id'");
        }
        output = output == null ? "" : output;
    }
}
