package dev.cairn.core.runtime;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.agent.MemorySpec;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.session.SessionLog;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The memory blocks of sessions as people see and edit them: every block with its limit, each
 * block's history, writes, and restoring an earlier version. A block's versions are its
 * {@code memory.written} events, and for a block the agent declares also its initial text (at
 * {@code session.created}); a fork's versions include those it shares with its original. Every
 * change is a new {@code memory.written} event, so nothing here rewrites history, and a restore
 * survives restarts like any other event.
 *
 * <p>Every method checks that the session belongs to the tenant (another tenant's session is not
 * found), and a method that returns normally after a write has that write on disk. A write that
 * is refused changes nothing. Thread-safe.
 */
public final class SessionMemory {

    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final EventStore events;
    private final BiFunction<String, String, MemorySpec> specs;
    private final Function<String, SessionLog> logs;

    /**
     * @param events the store's event log, read for the text of earlier versions
     * @param specs  the memory configuration of the agent a session (tenant, session id) is pinned
     *               to; throws {@link NotFoundException} for a session the tenant does not have
     * @param logs   the log of a session, by id
     */
    SessionMemory(EventStore events, BiFunction<String, String, MemorySpec> specs, Function<String, SessionLog> logs) {
        this.events = events;
        this.specs = specs;
        this.logs = logs;
    }

    /** Every block of the session: the declared ones in their order, then those made through the API. */
    public List<MemoryBlock> blocks(String tenantId, String sessionId) {
        MemorySpec spec = specs.apply(tenantId, sessionId);
        SessionLog log = current(sessionId);
        return log.read(view -> {
            List<MemoryBlock> blocks = new ArrayList<>();
            view.memoryBlocks(spec.blocks()).forEach((label, value) ->
                    blocks.add(new MemoryBlock(label, value, spec.limit(label), versions(view, spec, label).getLast())));
            return blocks;
        });
    }

    /**
     * One block as it is now.
     *
     * @throws NotFoundException when the session has no such block
     */
    public MemoryBlock block(String tenantId, String sessionId, String label) {
        return blocks(tenantId, sessionId).stream().filter(block -> block.label().equals(label)).findFirst()
                .orElseThrow(() -> new NotFoundException("memory block", label));
    }

    /**
     * Up to {@code limit} versions of a block after sequence number {@code afterSeq}, oldest first.
     *
     * @throws NotFoundException when the session has no such block
     */
    public MemoryBlockHistory history(String tenantId, String sessionId, String label, long afterSeq, int limit) {
        MemorySpec spec = specs.apply(tenantId, sessionId);
        List<Long> versions = current(sessionId).read(view -> versions(view, spec, label));
        if (versions.isEmpty()) {
            throw new NotFoundException("memory block", label);
        }
        List<Long> after = versions.stream().filter(seq -> seq > afterSeq).toList();
        List<MemoryBlockVersion> page = new ArrayList<>();
        for (long seq : after.subList(0, Math.min(limit, after.size()))) {
            page.add(version(sessionId, spec, label, seq));
        }
        return new MemoryBlockHistory(label, page, after.size() > limit);
    }

    /**
     * Sets a block's text through the API ({@code memory.written}, operation {@code set}); a label
     * the agent does not declare makes a new block, with the default limit.
     *
     * @return the block as the write left it
     * @throws InvalidRequestException when the label is malformed or the text is over the block's limit
     */
    public MemoryBlock write(String tenantId, String sessionId, String label, String value) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new InvalidRequestException("memory block label '" + label + "' must be 1-64 letters, digits, '_' or '-'");
        }
        if (value == null) {
            throw new InvalidRequestException("'value' is required: the block's new text");
        }
        MemorySpec spec = specs.apply(tenantId, sessionId);
        requireWithinLimit(spec, label, value);
        Event written = logs.apply(sessionId).update(view -> List.of(NewEvent.of(
                new EventPayload.MemoryWritten(label, value, "set", "api")))).getFirst();
        return new MemoryBlock(label, value, spec.limit(label), written.seq());
    }

    /**
     * Gives a block again the text it had at its version {@code seq}, as a new version
     * ({@code memory.written}, operation {@code restore}, recording {@code seq}).
     *
     * @return the block as the restore left it
     * @throws NotFoundException       when the session has no such block
     * @throws InvalidRequestException when {@code seq} is not one of the block's versions
     */
    public MemoryBlock restore(String tenantId, String sessionId, String label, long seq) {
        MemorySpec spec = specs.apply(tenantId, sessionId);
        List<Long> versions = current(sessionId).read(view -> versions(view, spec, label));
        if (versions.isEmpty()) {
            throw new NotFoundException("memory block", label);
        }
        if (!versions.contains(seq)) {
            throw new InvalidRequestException("event " + seq + " is not a version of memory block '" + label
                    + "'; its versions are at " + describe(versions));
        }
        String value = version(sessionId, spec, label, seq).value();
        requireWithinLimit(spec, label, value);
        Event restored = logs.apply(sessionId).update(view -> List.of(NewEvent.of(new EventPayload.MemoryWritten(label,
                value, EventPayload.MemoryWritten.RESTORE, "api", seq)))).getFirst();
        return new MemoryBlock(label, value, spec.limit(label), restored.seq());
    }

    private SessionLog current(String sessionId) {
        SessionLog log = logs.apply(sessionId);
        log.catchUp();
        return log;
    }

    /** The sequence numbers of a block's versions, oldest first; empty when it has none. */
    private static List<Long> versions(SessionView view, MemorySpec spec, String label) {
        List<Long> versions = new ArrayList<>();
        if (spec.blocks().containsKey(label)) {
            versions.add(view.createdSeq());
        }
        versions.addAll(view.memoryWrites(label));
        return versions;
    }

    /** Reads the version of a block made by event {@code seq}, which must be one of its versions. */
    private MemoryBlockVersion version(String sessionId, MemorySpec spec, String label, long seq) {
        Event event = events.read(sessionId, seq - 1, 1).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("event " + seq + " of session '" + sessionId + "' is gone"));
        return switch (event.payload()) {
            case EventPayload.MemoryWritten written when written.label().equals(label) -> new MemoryBlockVersion(seq,
                    written.value(), written.operation(), written.source(), event.createdAt(), written.restoredFrom());
            case EventPayload.SessionCreated created when spec.blocks().containsKey(label) -> new MemoryBlockVersion(seq,
                    spec.blocks().get(label), MemoryBlockVersion.INITIAL, MemoryBlockVersion.DEFINITION,
                    event.createdAt(), null);
            default -> throw new IllegalStateException("event " + seq + " of session '" + sessionId
                    + "' is not a version of memory block '" + label + "'");
        };
    }

    private static void requireWithinLimit(MemorySpec spec, String label, String value) {
        int limit = spec.limit(label);
        if (value.length() > limit) {
            throw new InvalidRequestException("memory block '" + label + "' would be " + value.length()
                    + " characters, over its limit of " + limit);
        }
    }

    private static String describe(List<Long> versions) {
        if (versions.size() <= 10) {
            return versions.toString();
        }
        return versions.subList(0, 5) + " ... " + versions.subList(versions.size() - 5, versions.size())
                + " (" + versions.size() + " versions)";
    }
}
