package dev.cairn.server.openai;

import com.openai.models.responses.ResponseStreamEvent;

/** The type and sequence number of an SDK stream event, for checking a stream's order. */
final class StreamEvents {

    private StreamEvents() {
    }

    static String type(ResponseStreamEvent event) {
        if (event.isCreated()) {
            return "response.created";
        }
        if (event.isInProgress()) {
            return "response.in_progress";
        }
        if (event.isOutputItemAdded()) {
            return "response.output_item.added";
        }
        if (event.isContentPartAdded()) {
            return "response.content_part.added";
        }
        if (event.isOutputTextDelta()) {
            return "response.output_text.delta";
        }
        if (event.isOutputTextDone()) {
            return "response.output_text.done";
        }
        if (event.isContentPartDone()) {
            return "response.content_part.done";
        }
        if (event.isOutputItemDone()) {
            return "response.output_item.done";
        }
        if (event.isFunctionCallArgumentsDelta()) {
            return "response.function_call_arguments.delta";
        }
        if (event.isFunctionCallArgumentsDone()) {
            return "response.function_call_arguments.done";
        }
        if (event.isCompleted()) {
            return "response.completed";
        }
        if (event.isFailed()) {
            return "response.failed";
        }
        return "unknown";
    }

    static long sequenceNumber(ResponseStreamEvent event) {
        return event.created().map(e -> e.sequenceNumber())
                .or(() -> event.inProgress().map(e -> e.sequenceNumber()))
                .or(() -> event.outputItemAdded().map(e -> e.sequenceNumber()))
                .or(() -> event.contentPartAdded().map(e -> e.sequenceNumber()))
                .or(() -> event.outputTextDelta().map(e -> e.sequenceNumber()))
                .or(() -> event.outputTextDone().map(e -> e.sequenceNumber()))
                .or(() -> event.contentPartDone().map(e -> e.sequenceNumber()))
                .or(() -> event.outputItemDone().map(e -> e.sequenceNumber()))
                .or(() -> event.functionCallArgumentsDelta().map(e -> e.sequenceNumber()))
                .or(() -> event.functionCallArgumentsDone().map(e -> e.sequenceNumber()))
                .or(() -> event.completed().map(e -> e.sequenceNumber()))
                .orElse(-1L);
    }
}
