package dev.cairn.mcp;

import dev.cairn.core.CairnException;

/**
 * An MCP server could not be started, reached or used; the message says which server and why, in
 * words a model can act on.
 */
final class McpException extends CairnException {

    McpException(String message) {
        super(message);
    }

    McpException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String type() {
        return "mcp_unavailable";
    }
}
