package dev.cairn.server.openai;

import dev.cairn.core.CairnException;

/**
 * A failure answered in OpenAI's error shape, {@code {"error": {"message", "type", "param", "code"}}},
 * with its HTTP status. {@code type} is OpenAI's error class ({@code invalid_request_error},
 * {@code permission_error}, ...); {@code param} names the request field at fault, or is null.
 */
final class OpenAiError extends CairnException {

    static final String INVALID_REQUEST = "invalid_request_error";

    private final int status;
    private final String errorType;
    private final String param;
    private final String code;

    OpenAiError(int status, String errorType, String message, String param, String code) {
        super(message);
        this.status = status;
        this.errorType = errorType;
        this.param = param;
        this.code = code;
    }

    /** 400: the request is wrong at {@code param}. */
    static OpenAiError invalid(String message, String param) {
        return new OpenAiError(400, INVALID_REQUEST, message, param, null);
    }

    /** 400: the request asks for something this API does not do, at {@code param}. */
    static OpenAiError unsupported(String message, String param) {
        return new OpenAiError(400, INVALID_REQUEST, message, param, "unsupported_parameter");
    }

    /** 404: the object {@code param} names does not exist for the caller. */
    static OpenAiError notFound(String message, String param) {
        return new OpenAiError(404, INVALID_REQUEST, message, param, null);
    }

    int status() {
        return status;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }

    @Override
    public String type() {
        return errorType;
    }
}
