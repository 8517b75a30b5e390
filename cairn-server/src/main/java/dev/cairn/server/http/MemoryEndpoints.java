package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryCursor;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryLimits;
import dev.cairn.core.memory.MemoryMatch;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryScope;
import dev.cairn.core.memory.MemoryStatus;
import dev.cairn.core.memory.MemoryWrite;
import dev.cairn.core.store.MemoryStore;
import dev.cairn.core.store.Role;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /v1/memory}: long-term memory items of the caller's tenant. Save one (answered once it is
 * searchable), list an owner's items newest first or search them best first, read one with its
 * versions, change its text or metadata (optionally only at the version the caller read), delete
 * it. Another tenant's items are not found; every bad input is refused before anything is stored.
 */
final class MemoryEndpoints {

    private static final Set<String> LIST_PARAMETERS = Set.of("scope", "user_id", "agent", "namespace", "q", "limit", "cursor");
    private static final int MAX_KEY_CHARS = 256;
    private static final int DEFAULT_LIMIT = 20;

    private final LongTermMemory memory;

    MemoryEndpoints(LongTermMemory memory) {
        this.memory = memory;
    }

    void register(ApiRouter router) {
        router.post("/v1/memory", Role.USER, this::save)
                .get("/v1/memory", Role.USER, this::list)
                .get("/v1/memory/{id}", Role.USER, this::read)
                .patch("/v1/memory/{id}", Role.USER, this::update)
                .delete("/v1/memory/{id}", Role.USER, this::delete);
    }

    /** {@code {scope, user_id?, agent?, namespace?, kind?, text, metadata?}} -> 201 with the item. */
    private void save(Call call) {
        JsonFields body = call.json("scope", "user_id", "agent", "namespace", "kind", "text", "metadata");
        MemoryOwner owner = owner(body.text("scope"), body.text("user_id"), body.text("agent"), "'");
        String kind = body.text("kind");
        String text = body.requiredText("text");
        ObjectNode metadata = body.object("metadata");
        MemoryWrite write = new MemoryWrite(call.tenantId(), owner, body.text("namespace"),
                kind == null ? MemoryKind.NOTE : MemoryKind.parse(kind), text, metadata, null);
        call.reply(201, MemoryWire.item(memory.save(write)));
    }

    /**
     * {@code ?scope=&user_id=&agent=&namespace=&q=&limit=&cursor=}: with {@code q}, the best
     * matches with their scores; without, the newest items, a page at a time.
     */
    private void list(Call call) {
        Set<String> unknown = new TreeSet<>(call.queryNames());
        unknown.removeAll(LIST_PARAMETERS);
        if (!unknown.isEmpty()) {
            throw HttpProblem.badRequest("unknown query parameter '" + unknown.iterator().next() + "' (known: "
                    + String.join(", ", new TreeSet<>(LIST_PARAMETERS)) + ")");
        }
        MemoryOwner owner = owner(present(call, "scope"), present(call, "user_id"), present(call, "agent"),
                "query parameter '");
        String namespace = present(call, "namespace");
        MemoryFilter filter = new MemoryFilter(call.tenantId(), Set.of(owner),
                namespace == null ? null : MemoryLimits.checkNamespace(namespace));
        int limit = (int) call.queryLong("limit", DEFAULT_LIMIT, 1, MemoryLimits.MAX_RESULTS);
        String query = present(call, "q");
        String cursor = present(call, "cursor");
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        if (query != null) {
            if (cursor != null) {
                throw HttpProblem.badRequest("query parameter 'cursor' pages a listing, not a search ('q'); "
                        + "ask for a larger 'limit' instead");
            }
            for (MemoryMatch match : memory.search(filter, query, limit)) {
                items.add(MemoryWire.item(match.item()).put("score", match.score()));
            }
            answer.putNull("next_cursor");
        } else {
            List<MemoryItem> page = memory.list(filter, cursor == null ? null : MemoryCursor.parse(cursor), limit);
            page.forEach(item -> items.add(MemoryWire.item(item)));
            answer.put("next_cursor", page.size() == limit ? MemoryCursor.after(page.getLast()).token() : null);
        }
        call.reply(200, answer);
    }

    /** The item with {@code versions}, oldest first; a deleted item is not found. */
    private void read(Call call) {
        String id = call.path("id");
        MemoryItem item = memory.get(call.tenantId(), id).filter(found -> found.status() != MemoryStatus.DELETED)
                .orElseThrow(() -> new NotFoundException("memory", id));
        ObjectNode answer = MemoryWire.item(item);
        ArrayNode versions = answer.putArray("versions");
        memory.versions(call.tenantId(), id).forEach(version -> versions.add(MemoryWire.version(version)));
        call.reply(200, answer);
    }

    /** {@code {text?, metadata?, version?}}: the next version; a stale {@code version} is a 409. */
    private void update(Call call) {
        JsonFields body = call.json("text", "metadata", "version");
        String text = body.text("text");
        ObjectNode metadata = body.object("metadata");
        if (text == null && metadata == null) {
            throw HttpProblem.badRequest("give 'text', 'metadata' or both: the update changes nothing otherwise");
        }
        int version = expectedVersion(body.wholeNumber("version"), "'version'");
        call.reply(200, MemoryWire.item(memory.update(call.tenantId(), call.path("id"), text, metadata, version)));
    }

    /** {@code ?version=}: optional, for a delete only of the version the caller read. 204. */
    private void delete(Call call) {
        Set<String> unknown = new TreeSet<>(call.queryNames());
        unknown.remove("version");
        if (!unknown.isEmpty()) {
            throw HttpProblem.badRequest("unknown query parameter '" + unknown.iterator().next() + "' (known: version)");
        }
        String text = present(call, "version");
        int version = text == null ? MemoryStore.ANY_VERSION
                : expectedVersion(Call.bounded("query parameter 'version'", text.strip(), 1, Integer.MAX_VALUE),
                "query parameter 'version'");
        memory.delete(call.tenantId(), call.path("id"), version);
        call.replyNoContent();
    }

    /**
     * The owner named by a scope and its key: {@code user} takes a {@code user_id}, {@code agent}
     * an {@code agent}, {@code tenant} neither. {@code quote} opens a field's name in messages
     * ({@code '} for a body field, {@code query parameter '} for a query parameter).
     */
    private static MemoryOwner owner(String scopeName, String userId, String agent, String quote) {
        if (scopeName == null) {
            throw HttpProblem.badRequest(quote + "scope' is required: agent, user or tenant");
        }
        MemoryScope scope = MemoryScope.parse(scopeName);
        String needed = switch (scope) {
            case USER -> "user_id";
            case AGENT -> "agent";
            case TENANT -> null;
        };
        String neededValue = scope == MemoryScope.USER ? userId : agent;
        if (needed != null && (neededValue == null || neededValue.isBlank())) {
            throw HttpProblem.badRequest(scope.wireName() + " scope needs " + quote + needed + "'");
        }
        for (String field : List.of("user_id", "agent")) {
            String value = field.equals("user_id") ? userId : agent;
            if (!field.equals(needed) && value != null) {
                throw HttpProblem.badRequest(quote + field + "' does not apply to " + scope.wireName() + " scope");
            }
            if (value != null && value.length() > MAX_KEY_CHARS) {
                throw HttpProblem.badRequest(quote + field + "' is at most " + MAX_KEY_CHARS + " characters");
            }
        }
        return switch (scope) {
            case USER -> MemoryOwner.user(userId);
            case AGENT -> MemoryOwner.agent(agent);
            case TENANT -> MemoryOwner.tenant();
        };
    }

    private static int expectedVersion(Long version, String what) {
        if (version == null) {
            return MemoryStore.ANY_VERSION;
        }
        if (version < 1 || version > Integer.MAX_VALUE) {
            throw HttpProblem.badRequest(what + " must be a version number of at least 1, got " + version);
        }
        return version.intValue();
    }

    /** A query parameter, or null when absent or empty. */
    private static String present(Call call, String name) {
        return call.query(name).filter(text -> !text.isEmpty()).orElse(null);
    }
}
