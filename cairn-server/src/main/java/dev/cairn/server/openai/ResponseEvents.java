package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.sse.SseSink;

/**
 * Writes the Responses API's stream events in their order, numbered by {@code sequence_number}:
 * {@code response.created} and {@code response.in_progress}; per message item
 * {@code output_item.added}, {@code content_part.added}, {@code output_text.delta}s,
 * {@code output_text.done}, {@code content_part.done}, {@code output_item.done}; per function call
 * {@code output_item.added}, {@code function_call_arguments.delta} and {@code .done},
 * {@code output_item.done}; then {@code response.completed} (or {@code .failed}). Not thread-safe:
 * one writer per stream.
 */
final class ResponseEvents {

    private final SseSink sink;
    private long sequence;
    private int outputIndex;
    private String openMessageId;
    private final StringBuilder openText = new StringBuilder();

    ResponseEvents(SseSink sink) {
        this.sink = sink;
    }

    void created(ObjectNode response) {
        emit("response.created", Json.object().set("response", response));
        emit("response.in_progress", Json.object().set("response", response));
    }

    /** A piece of text of the message item {@code itemId}, which opens when it is new. */
    void textDelta(String itemId, String delta) {
        if (openMessageId == null) {
            open(itemId);
        }
        if (delta.isEmpty()) {
            return;
        }
        openText.append(delta);
        ObjectNode event = at(openMessageId);
        event.put("content_index", 0);
        event.put("delta", delta);
        event.putArray("logprobs");
        emit("response.output_text.delta", event);
    }

    /** The whole text of the message item {@code itemId}: sends what the deltas missed, then closes it. */
    void textDone(String itemId, String text) {
        if (openMessageId == null) {
            open(itemId);
        }
        if (text.startsWith(openText.toString())) {
            textDelta(openMessageId, text.substring(openText.length()));
        }
        String id = openMessageId;
        ObjectNode done = at(id);
        done.put("content_index", 0);
        done.put("text", text);
        done.putArray("logprobs");
        emit("response.output_text.done", done);
        ObjectNode partDone = at(id);
        partDone.put("content_index", 0);
        partDone.set("part", ResponseWire.outputText(text));
        emit("response.content_part.done", partDone);
        itemEvent("response.output_item.done", ResponseWire.assistantMessage(id, text, "completed"));
        openMessageId = null;
        openText.setLength(0);
        outputIndex++;
    }

    /** A message item that was opened and got no text after all: it is closed empty. */
    void abandonText() {
        if (openMessageId != null) {
            textDone(openMessageId, openText.toString());
        }
    }

    void functionCall(String runId, String callId, String name, String arguments) {
        abandonText();
        String itemId = OpenAiIds.functionCall(runId, callId);
        itemEvent("response.output_item.added", ResponseWire.functionCall(runId, callId, name, "", "in_progress"));
        ObjectNode delta = at(itemId);
        delta.put("delta", arguments);
        emit("response.function_call_arguments.delta", delta);
        ObjectNode done = at(itemId);
        done.put("arguments", arguments);
        emit("response.function_call_arguments.done", done);
        itemEvent("response.output_item.done", ResponseWire.functionCall(runId, callId, name, arguments, "completed"));
        outputIndex++;
    }

    /** The last event: {@code response.completed}, or {@code response.failed} for a failed or cancelled one. */
    void finished(ObjectNode response) {
        abandonText();
        String status = response.path("status").asText();
        String type = switch (status) {
            case "failed", "cancelled" -> "response.failed";
            case "in_progress", "queued" -> "response.in_progress";
            default -> "response.completed";
        };
        emit(type, Json.object().set("response", response));
    }

    /** An {@code error} event: the call failed after the stream began. */
    void failed(OpenAiErrors.Failure failure) {
        ObjectNode event = Json.object();
        event.put("code", failure.code() == null ? failure.type() : failure.code());
        event.put("message", failure.message());
        event.put("param", failure.param());
        emit("error", event);
    }

    private void open(String itemId) {
        openMessageId = itemId;
        openText.setLength(0);
        itemEvent("response.output_item.added", ResponseWire.assistantMessage(itemId, null, "in_progress"));
        ObjectNode part = at(itemId);
        part.put("content_index", 0);
        part.set("part", ResponseWire.outputText(""));
        emit("response.content_part.added", part);
    }

    private ObjectNode at(String itemId) {
        ObjectNode event = Json.object();
        event.put("item_id", itemId);
        event.put("output_index", outputIndex);
        return event;
    }

    private void itemEvent(String type, ObjectNode item) {
        ObjectNode event = Json.object();
        event.put("output_index", outputIndex);
        event.set("item", item);
        emit(type, event);
    }

    private void emit(String type, ObjectNode event) {
        ObjectNode data = Json.object();
        data.put("type", type);
        data.put("sequence_number", sequence++);
        data.setAll(event);
        sink.emit(SseEvent.builder().name(type).data(Json.write(data)).build());
    }
}
