package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.MemoryBlockHistory;
import dev.cairn.core.runtime.SessionMemory;
import dev.cairn.core.store.Role;

/**
 * {@code /v1/sessions/{id}/memory/blocks}: a session's memory blocks with their limits, one block,
 * setting a block's text, a block's history of versions, and restoring an earlier version. Every
 * change is a {@code memory.written} event.
 */
final class MemoryBlockEndpoints {

    private static final String BLOCKS = "/v1/sessions/{id}/memory/blocks";

    private final AgentRuntime runtime;
    private final SessionMemory memory;

    MemoryBlockEndpoints(AgentRuntime runtime) {
        this.runtime = runtime;
        this.memory = runtime.memory();
    }

    void register(ApiRouter router) {
        router.get(BLOCKS, Role.USER, this::list)
                .get(BLOCKS + "/{label}", Role.USER, this::read)
                .put(BLOCKS + "/{label}", Role.USER, this::write)
                .get(BLOCKS + "/{label}/history", Role.USER, this::history)
                .post(BLOCKS + "/{label}/restore", Role.USER, this::restore);
    }

    private void list(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode blocks = answer.putArray("blocks");
        memory.blocks(call.tenantId(), call.path("id")).forEach(block -> blocks.add(Wire.memoryBlock(block)));
        call.reply(200, answer);
    }

    private void read(Call call) {
        call.reply(200, Wire.memoryBlock(memory.block(call.tenantId(), call.path("id"), call.path("label"))));
    }

    private void write(Call call) {
        String sessionId = call.path("id");
        runtime.session(call.tenantId(), sessionId);
        String value = call.json("value").text("value");
        if (value == null) {
            throw HttpProblem.badRequest("'value' is required (a string): the block's new text");
        }
        call.reply(200, Wire.memoryBlock(memory.write(call.tenantId(), sessionId, call.path("label"), value)));
    }

    private void history(Call call) {
        long after = call.queryLong("after", 0, 0, Long.MAX_VALUE);
        int limit = (int) call.queryLong("limit", 100, 1, 1000);
        MemoryBlockHistory history = memory.history(call.tenantId(), call.path("id"), call.path("label"), after, limit);
        call.reply(200, Wire.memoryBlockHistory(history, after));
    }

    private void restore(Call call) {
        String sessionId = call.path("id");
        String label = call.path("label");
        runtime.session(call.tenantId(), sessionId);
        Long seq = call.json("seq").wholeNumber("seq");
        if (seq == null) {
            throw HttpProblem.badRequest("'seq' is required (a whole number): the version to restore, as its history lists it");
        }
        ObjectNode answer = Wire.memoryBlock(memory.restore(call.tenantId(), sessionId, label, seq));
        answer.put("restored_from", seq);
        call.reply(200, answer);
    }
}
