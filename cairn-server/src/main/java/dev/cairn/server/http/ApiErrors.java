package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.ValidationException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ProviderException;
import dev.cairn.core.store.StoreException;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.server.auth.ForbiddenException;
import dev.cairn.server.auth.UnauthorizedException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP answers: {@code {"error": {"type", "message"}}}
 * with a fitting status. Cairn's own exceptions say what went wrong and are shown as they are;
 * anything else is logged and answered with a 500 that reveals nothing.
 */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** An error answer: status, stable type name, a sentence for people, and any listed problems. */
    record Failure(int status, String type, String message, List<String> problems) {
        Failure {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }

        Failure(int status, String type, String message) {
            this(status, type, message, List.of());
        }

        ObjectNode body() {
            ObjectNode error = Json.object();
            error.put("type", type);
            error.put("message", message);
            if (!problems.isEmpty()) {
                ArrayNode list = error.putArray("problems");
                problems.forEach(list::add);
            }
            ObjectNode body = Json.object();
            body.set("error", error);
            return body;
        }
    }

    static Failure of(Throwable failure) {
        if (failure instanceof CairnException cairn) {
            return ofCairn(cairn);
        }
        LOG.error("request failed unexpectedly", failure);
        return new Failure(500, "internal_error", "the server failed while handling the request; see its log");
    }

    private static Failure ofCairn(CairnException failure) {
        int status = switch (failure) {
            case HttpProblem problem -> problem.status();
            case UnauthorizedException unauthorized -> 401;
            case ForbiddenException forbidden -> 403;
            case NotFoundException notFound -> 404;
            case InvalidRequestException invalid -> 400;
            case ToolInputException invalid -> 400;
            case ValidationException invalid -> 422;
            case ConflictException conflict -> 409;
            case ProviderException provider -> 502;
            case StoreException store -> 503;
            default -> 500;
        };
        if (status >= 500) {
            LOG.error("request failed: {}", failure.getMessage(), failure);
        }
        List<String> problems = failure instanceof ValidationException invalid ? invalid.problems() : List.of();
        return new Failure(status, failure.type(), failure.getMessage(), problems);
    }
}
