package dev.cairn.core.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.EventTypes;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.event.UnknownEventTypeException;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.SessionRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a file written by {@link SessionExport} and checks every line before anything is
 * stored: the session line first, then events numbered from 1 that decode into their types and
 * replay into a valid session (every run ended), then blobs whose content has the hash they are
 * named by, one for every reference. The first problem fails the whole file, naming its line.
 * Stateless and thread-safe.
 */
public final class SessionImport {

    private static final Set<String> SESSION_FIELDS = Set.of("kind", "format", "id", "tenant_id", "agent",
            "agent_version", "user_id", "metadata", "created_at", "forked_from");
    private static final Set<String> EVENT_FIELDS = Set.of("kind", "seq", "type", "run_id", "created_at", "payload");
    private static final Set<String> BLOB_FIELDS = Set.of("kind", "sha256", "bytes", "content_base64");

    /**
     * A session read from a file, as it was where it was exported (its own id and tenant).
     *
     * @param session the session's row, never a fork (a fork's log is exported whole)
     * @param events  its log, numbered from 1
     * @param blobs   the blobs its events refer to
     */
    public record Imported(SessionRecord session, List<Event> events, List<LargeOutputs.Blob> blobs) {
        public Imported {
            events = List.copyOf(events);
            blobs = List.copyOf(blobs);
        }
    }

    private SessionImport() {
    }

    /**
     * Reads a whole file.
     *
     * @throws InvalidRequestException naming the first bad line and what is wrong with it
     */
    public static Imported read(String text) {
        String[] lines = text.split("\n", -1);
        SessionRecord session = null;
        SessionView view = null;
        List<Event> events = new ArrayList<>();
        Map<String, Integer> references = new LinkedHashMap<>();
        Map<String, Integer> runLines = new HashMap<>();
        Map<String, LargeOutputs.Blob> blobs = new LinkedHashMap<>();
        for (int index = 0; index < lines.length; index++) {
            int number = index + 1;
            String line = lines[index].endsWith("\r") ? lines[index].substring(0, lines[index].length() - 1) : lines[index];
            if (line.isBlank()) {
                continue;
            }
            Line fields = Line.parse(number, line);
            String kind = fields.text("kind", true);
            if (session == null && !"session".equals(kind)) {
                throw fields.problem("the first line must be the session ({\"kind\": \"session\", ...}), got kind '" + kind + "'");
            }
            switch (kind) {
                case "session" -> {
                    if (session != null) {
                        throw fields.problem("a file holds one session; this is a second session line");
                    }
                    session = session(fields);
                    view = SessionView.empty(session.id());
                }
                case "event" -> {
                    if (!blobs.isEmpty()) {
                        throw fields.problem("events come before blobs");
                    }
                    Event event = event(fields, session, events.size() + 1);
                    apply(fields, view, event, session);
                    if (event.payload() instanceof EventPayload.RunQueued) {
                        runLines.put(event.runId(), number);
                    }
                    LargeOutputs.reference(event.payload()).ifPresent(hash -> references.putIfAbsent(hash, number));
                    events.add(event);
                }
                case "blob" -> {
                    LargeOutputs.Blob blob = blob(fields);
                    if (!references.containsKey(blob.sha256())) {
                        throw fields.problem("blob " + blob.sha256() + " is not referred to by any event");
                    }
                    if (blobs.put(blob.sha256(), blob) != null) {
                        throw fields.problem("blob " + blob.sha256() + " is given twice");
                    }
                }
                default -> throw fields.problem("kind '" + kind + "' is not one of session, event, blob");
            }
        }
        if (session == null) {
            throw new InvalidRequestException("line 1: the file is empty; it must start with the session line");
        }
        if (events.isEmpty()) {
            throw new InvalidRequestException("line " + lines.length + ": the file has no events");
        }
        List<RunView> open = view.openRuns();
        if (!open.isEmpty()) {
            RunView run = open.getFirst();
            throw new InvalidRequestException("line " + runLines.get(run.id()) + ": run '" + run.id() + "' is "
                    + run.state().wireName() + " at the end of the file; only a session whose runs have all ended can be imported");
        }
        for (Map.Entry<String, Integer> reference : references.entrySet()) {
            if (!blobs.containsKey(reference.getKey())) {
                throw new InvalidRequestException("line " + reference.getValue() + ": the event refers to blob "
                        + reference.getKey() + ", which the file does not hold");
            }
        }
        return new Imported(session, events, new ArrayList<>(blobs.values()));
    }

    private static SessionRecord session(Line fields) {
        fields.only(SESSION_FIELDS);
        long format = fields.number("format", 1, Integer.MAX_VALUE);
        if (format != SessionExport.FORMAT) {
            throw fields.problem("format " + format + " is not one this server reads (" + SessionExport.FORMAT + ")");
        }
        JsonNode metadata = fields.node("metadata");
        if (metadata != null && !metadata.isObject()) {
            throw fields.problem("'metadata' must be an object or null");
        }
        return new SessionRecord(fields.text("id", true), fields.text("tenant_id", true), fields.text("agent", true),
                (int) fields.number("agent_version", 1, Integer.MAX_VALUE), fields.text("user_id", false), metadata,
                fields.instant("created_at"));
    }

    private static Event event(Line fields, SessionRecord session, long expectedSeq) {
        fields.only(EVENT_FIELDS);
        long seq = fields.number("seq", 1, Long.MAX_VALUE);
        if (seq != expectedSeq) {
            throw fields.problem("event " + seq + " is out of order; events are numbered 1, 2, 3, ... and " + expectedSeq
                    + " comes next");
        }
        String type = fields.text("type", true);
        JsonNode payload = fields.node("payload");
        if (payload == null || !payload.isObject()) {
            throw fields.problem("'payload' must be an object");
        }
        EventPayload decoded;
        try {
            decoded = EventTypes.decode(type, Json.write(payload));
        } catch (UnknownEventTypeException e) {
            throw fields.problem(e.getMessage());
        }
        try {
            return new Event(session.id(), seq, fields.text("run_id", false), fields.instant("created_at"), decoded);
        } catch (IllegalArgumentException e) {
            throw fields.problem(e.getMessage());
        }
    }

    /** Replays the event into the view, so the file holds a log the runtime could have written. */
    private static void apply(Line fields, SessionView view, Event event, SessionRecord session) {
        boolean first = event.seq() == 1;
        if (first != event.payload() instanceof EventPayload.SessionCreated) {
            throw fields.problem(first ? "the first event must be session.created" : "session.created may only be the first event");
        }
        if (event.payload() instanceof EventPayload.SessionCreated created
                && (!created.agent().equals(session.agent()) || created.agentVersion() != session.agentVersion())) {
            throw fields.problem("session.created names agent '" + created.agent() + "' version " + created.agentVersion()
                    + " but the session line names '" + session.agent() + "' version " + session.agentVersion());
        }
        if (event.type().startsWith("run.") && event.runId() == null) {
            throw fields.problem(event.type() + " belongs to a run but has no run_id");
        }
        try {
            view.apply(event);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw fields.problem(e.getMessage());
        }
    }

    private static LargeOutputs.Blob blob(Line fields) {
        fields.only(BLOB_FIELDS);
        String sha256 = fields.text("sha256", true);
        if (!LargeOutputs.isHash(sha256)) {
            throw fields.problem("'sha256' must be 64 lowercase hex digits");
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(fields.text("content_base64", true));
        } catch (IllegalArgumentException e) {
            throw fields.problem("'content_base64' is not base64: " + e.getMessage());
        }
        if (fields.number("bytes", 0, Long.MAX_VALUE) != content.length) {
            throw fields.problem("'bytes' says " + fields.number("bytes", 0, Long.MAX_VALUE) + " but the content has "
                    + content.length);
        }
        if (!LargeOutputs.sha256(content).equals(sha256)) {
            throw fields.problem("the content's SHA-256 is not " + sha256);
        }
        return new LargeOutputs.Blob(sha256, content);
    }

    /** One line's JSON object, with typed access that names the line in every problem. */
    private record Line(int number, ObjectNode object) {

        static Line parse(int number, String text) {
            JsonNode node;
            try {
                node = Json.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException("line " + number + ": not valid JSON: " + e.getOriginalMessage());
            }
            if (!(node instanceof ObjectNode object)) {
                throw new InvalidRequestException("line " + number + ": must be a JSON object");
            }
            return new Line(number, object);
        }

        InvalidRequestException problem(String message) {
            return new InvalidRequestException("line " + number + ": " + message);
        }

        void only(Set<String> known) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw problem("unknown field '" + name + "'");
                }
            }
        }

        JsonNode node(String field) {
            JsonNode value = object.get(field);
            return value == null || value.isNull() ? null : value;
        }

        String text(String field, boolean required) {
            JsonNode value = node(field);
            if (value == null) {
                if (required) {
                    throw problem("'" + field + "' is required");
                }
                return null;
            }
            if (!value.isTextual()) {
                throw problem("'" + field + "' must be a string");
            }
            return value.asText();
        }

        long number(String field, long min, long max) {
            JsonNode value = node(field);
            if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                    || value.asLong() < min || value.asLong() > max) {
                throw problem("'" + field + "' must be a whole number from " + min + " to " + max);
            }
            return value.asLong();
        }

        Instant instant(String field) {
            try {
                return Instant.parse(text(field, true));
            } catch (DateTimeParseException e) {
                throw problem("'" + field + "' is not an ISO-8601 time such as 2025-03-01T09:00:00Z");
            }
        }
    }
}
