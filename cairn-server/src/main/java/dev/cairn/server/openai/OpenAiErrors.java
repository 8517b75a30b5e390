package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.ValidationException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ProviderException;
import dev.cairn.core.store.StoreException;
import dev.cairn.server.auth.ForbiddenException;
import dev.cairn.server.auth.UnauthorizedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions into OpenAI's error shape, {@code {"error": {"message", "type", "param", "code"}}},
 * with the status OpenAI would answer. Cairn's own exceptions say what went wrong and are shown as
 * they are; anything else is logged and answered with a 500 that reveals nothing.
 */
final class OpenAiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiErrors.class);

    private OpenAiErrors() {
    }

    /** An error answer in OpenAI's shape. */
    record Failure(int status, String type, String message, String param, String code) {

        ObjectNode body() {
            ObjectNode error = Json.object();
            error.put("message", message);
            error.put("type", type);
            error.put("param", param);
            error.put("code", code);
            ObjectNode body = Json.object();
            body.set("error", error);
            return body;
        }
    }

    static Failure of(Throwable failure) {
        if (failure instanceof OpenAiError error) {
            return new Failure(error.status(), error.type(), error.getMessage(), error.param(), error.code());
        }
        if (failure instanceof CairnException cairn) {
            return ofCairn(cairn);
        }
        LOG.error("request failed unexpectedly", failure);
        return new Failure(500, "server_error", "the server failed while handling the request; see its log", null, null);
    }

    private static Failure ofCairn(CairnException failure) {
        String message = failure.getMessage();
        if (failure instanceof ValidationException invalid && !invalid.problems().isEmpty()) {
            message = message + ": " + String.join("; ", invalid.problems());
        }
        Failure answer = switch (failure) {
            case UnauthorizedException unauthorized -> new Failure(401, OpenAiError.INVALID_REQUEST, message, null, "invalid_api_key");
            case ForbiddenException forbidden -> new Failure(403, "permission_error", message, null, null);
            case NotFoundException notFound -> new Failure(404, OpenAiError.INVALID_REQUEST, message, null, null);
            case InvalidRequestException invalid -> new Failure(400, OpenAiError.INVALID_REQUEST, message, null, null);
            case ValidationException invalid -> new Failure(400, OpenAiError.INVALID_REQUEST, message, null, null);
            case ConflictException conflict -> new Failure(409, OpenAiError.INVALID_REQUEST, message, null, "conflict");
            case ProviderException provider -> new Failure(502, "server_error", message, null, provider.type());
            case StoreException store -> new Failure(503, "server_error", message, null, null);
            default -> statusOf(failure, message);
        };
        if (answer.status() >= 500) {
            LOG.error("request failed: {}", failure.getMessage(), failure);
        }
        return answer;
    }

    /** Failures of the HTTP layer (size, media type, a body that does not parse) keep their status. */
    private static Failure statusOf(CairnException failure, String message) {
        return switch (failure.type()) {
            case "payload_too_large" -> new Failure(413, OpenAiError.INVALID_REQUEST, message, null, null);
            case "unsupported_media_type" -> new Failure(415, OpenAiError.INVALID_REQUEST, message, null, null);
            case "malformed_body", "invalid_request" -> new Failure(400, OpenAiError.INVALID_REQUEST, message, null, null);
            case "unavailable" -> new Failure(503, "server_error", message, null, null);
            default -> new Failure(500, "server_error", message, null, null);
        };
    }
}
