package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.SessionRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /conversations}: a conversation is a session. It starts on the agent or route
 * {@code metadata.model} names, else on route {@code default} (or the first route) until its
 * first response names a model; each response moves it to the agent its own model, instructions
 * and tools ask for. Items are read from the session's log: the user's messages, what the model
 * wrote, the function calls it made and their outputs.
 */
final class ConversationEndpoints {

    static final String DEFAULT_MODEL = "default";
    private static final int PAGE = 500;

    private final AgentRuntime runtime;
    private final ResponseAgents agents;
    private final ResponseService service;

    ConversationEndpoints(AgentRuntime runtime, ResponseAgents agents, ResponseService service) {
        this.runtime = runtime;
        this.agents = agents;
        this.service = service;
    }

    void create(Exchange exchange) {
        ObjectNode body = exchange.jsonBody();
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("metadata") && !field.equals("items")) {
                throw OpenAiError.invalid("Unrecognized request argument supplied: " + field, field);
            }
        });
        ObjectNode metadata = metadata(body.get("metadata"));
        List<String> messages = userMessages(body.get("items"), "items");
        String model = metadata.path("model").asText(agents.placeholderModel());
        String agent = agents.resolve(exchange.tenantId(), model, null, null).name();
        SessionRecord session = runtime.createSession(exchange.tenantId(), agent, null, metadata);
        if (!messages.isEmpty()) {
            runtime.appendMessages(exchange.tenantId(), session.id(), messages);
        }
        exchange.reply(200, conversation(session));
    }

    void read(Exchange exchange) {
        exchange.reply(200, conversation(service.conversation(exchange.tenantId(), exchange.path("id"))));
    }

    void listItems(Exchange exchange) {
        SessionRecord session = service.conversation(exchange.tenantId(), exchange.path("id"));
        int limit = limit(exchange.query("limit").orElse("20"));
        String order = exchange.query("order").orElse("desc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw OpenAiError.invalid("'order' must be asc or desc, got '" + order + "'", "order");
        }
        List<ObjectNode> items = items(exchange.tenantId(), session.id());
        if (order.equals("desc")) {
            items = items.reversed();
        }
        String after = exchange.query("after").orElse(null);
        int start = 0;
        if (after != null) {
            start = -1;
            for (int i = 0; i < items.size() && start < 0; i++) {
                if (items.get(i).path("id").asText().equals(after)) {
                    start = i + 1;
                }
            }
            if (start < 0) {
                throw OpenAiError.notFound("Item with id '" + after + "' not found.", "after");
            }
        }
        List<ObjectNode> page = items.subList(start, Math.min(items.size(), start + limit));
        exchange.reply(200, list(page, start + limit < items.size()));
    }

    void addItems(Exchange exchange) {
        SessionRecord session = service.conversation(exchange.tenantId(), exchange.path("id"));
        ObjectNode body = exchange.jsonBody();
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("items")) {
                throw OpenAiError.invalid("Unrecognized request argument supplied: " + field, field);
            }
        });
        List<String> messages = userMessages(body.get("items"), "items");
        if (messages.isEmpty()) {
            throw OpenAiError.invalid("'items' is required: a non-empty list of messages", "items");
        }
        List<ObjectNode> added = new ArrayList<>();
        for (Event event : runtime.appendMessages(exchange.tenantId(), session.id(), messages)) {
            EventPayload.UserMessage message = (EventPayload.UserMessage) event.payload();
            added.add(ResponseWire.userMessage(message.messageId(), message.content()));
        }
        exchange.reply(200, list(added, false));
    }

    private List<ObjectNode> items(String tenantId, String sessionId) {
        List<ObjectNode> items = new ArrayList<>();
        Set<String> clientCalls = new HashSet<>();
        long after = 0;
        List<Event> page;
        do {
            page = runtime.events(tenantId, sessionId, after, PAGE);
            for (Event event : page) {
                after = event.seq();
                switch (event.payload()) {
                    case EventPayload.UserMessage message ->
                            items.add(ResponseWire.userMessage(message.messageId(), message.content()));
                    case EventPayload.ModelResponded responded when !responded.text().isBlank() -> items.add(
                            ResponseWire.assistantMessage(OpenAiIds.message(event.runId(), responded.step()),
                                    responded.text(), "completed"));
                    case EventPayload.ToolClientRequested call -> {
                        clientCalls.add(call.callId());
                        items.add(ResponseWire.functionCall(event.runId(), call.callId(), call.tool(), call.arguments(),
                                "completed"));
                    }
                    case EventPayload.ToolCompleted completed when clientCalls.contains(completed.callId()) ->
                            items.add(ResponseWire.functionOutput(event.runId(), completed.callId(), completed.output()));
                    default -> {
                    }
                }
            }
        } while (page.size() == PAGE);
        return items;
    }

    private static List<String> userMessages(JsonNode items, String param) {
        List<String> messages = new ArrayList<>();
        for (InputItems.Item item : InputItems.parse(items, param)) {
            if (!(item instanceof InputItems.UserMessage message)) {
                throw OpenAiError.unsupported("only messages of role user can be added to a conversation; send a "
                        + "function_call_output as the input of a response in it", param);
            }
            messages.add(message.text());
        }
        return messages;
    }

    private static ObjectNode metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return Json.object();
        }
        if (!node.isObject() || node.size() > 16) {
            throw OpenAiError.invalid("'metadata' must be an object of at most 16 string values", "metadata");
        }
        if (node.has(ResponseService.CHAIN_KEY)) {
            throw OpenAiError.invalid("'metadata." + ResponseService.CHAIN_KEY + "' is reserved for Cairn", "metadata");
        }
        node.fields().forEachRemaining(field -> {
            if (!field.getValue().isTextual() || field.getKey().length() > 64 || field.getValue().asText().length() > 512) {
                throw OpenAiError.invalid("'metadata." + field.getKey() + "' must be a string of at most 512 "
                        + "characters, under a key of at most 64", "metadata");
            }
        });
        return (ObjectNode) node;
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw OpenAiError.invalid("'limit' must be a whole number from 1 to 100, got '" + text + "'", "limit");
    }

    private static ObjectNode conversation(SessionRecord session) {
        ObjectNode conversation = Json.object();
        conversation.put("id", OpenAiIds.conversation(session.id()));
        conversation.put("object", "conversation");
        conversation.put("created_at", session.createdAt().getEpochSecond());
        conversation.set("metadata", session.metadata() == null || !session.metadata().isObject() ? Json.object()
                : session.metadata());
        return conversation;
    }

    private static ObjectNode list(List<ObjectNode> items, boolean hasMore) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        items.forEach(data::add);
        if (items.isEmpty()) {
            list.putNull("first_id");
            list.putNull("last_id");
        } else {
            list.put("first_id", items.getFirst().path("id").asText());
            list.put("last_id", items.getLast().path("id").asText());
        }
        list.put("has_more", hasMore);
        return list;
    }
}
