package dev.cairn.server.http;

import dev.cairn.core.CairnException;

/**
 * A failure that belongs to HTTP itself (a body that does not parse, a media type, a size), with
 * the status it is answered with.
 */
final class HttpProblem extends CairnException {

    private final int status;
    private final String type;

    HttpProblem(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "invalid_request", message);
    }

    static HttpProblem malformed(String message) {
        return new HttpProblem(400, "malformed_body", message);
    }

    int status() {
        return status;
    }

    @Override
    public String type() {
        return type;
    }
}
