package dev.cairn.core.runtime;

import dev.cairn.core.ConflictException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.LongTermSpec;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.ExtractedMemory;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.memory.MemoryExtraction;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryMatch;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemorySource;
import dev.cairn.core.memory.MemoryWrite;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.route.Router;
import dev.cairn.core.store.JobRecord;
import dev.cairn.core.store.MemoryStore;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code memory.extract} job: after a run completes, asks the agent's route what the run's
 * conversation says that is worth remembering ({@link MemoryExtraction}), and writes it to the
 * agent's long-term scope. A memory that says the same as a stored one updates it instead of
 * duplicating it (the model says so, or its meaning is nearly identical); one that contradicts a
 * stored one supersedes it, which keeps the old one as history. New items link to the run's
 * events. The session's log records the extraction, its model call and every item it changed
 * ({@code memory.extracted}).
 *
 * <p>Idempotent: a job already recorded in the log does nothing; a job retried after a partial
 * attempt finds its earlier items among the stored ones and updates rather than duplicates them.
 * Thread-safe.
 */
public final class MemoryExtractionJob implements BackgroundJobs.Handler {

    /** The kind of job this handles, as queued by {@code memory.extraction_queued}. */
    public static final String KIND = "memory.extract";

    /** Meaning this close (cosine of unit vectors) counts as saying the same thing. */
    static final double SAME_MEANING = 0.9;
    private static final int RELATED_ITEMS = 8;
    private static final int QUERY_CHARS = 2_000;

    /** Appends an extraction's record to its session's log. */
    @FunctionalInterface
    public interface Recorder {
        void record(String tenantId, String sessionId, EventPayload.MemoryExtracted extracted);
    }

    private final Store store;
    private final GatedRouteCall calls;
    private final LongTermMemory memory;
    private final Embedder embedder;
    private final Recorder recorder;

    public MemoryExtractionJob(Store store, Router router, LongTermMemory memory, Embedder embedder, Recorder recorder) {
        this(store, router, memory, embedder, recorder, ModelGateway.OPEN, Clock.systemUTC());
    }

    /** A job whose model calls are admitted and recorded by {@code gateway}, like a run's. */
    public MemoryExtractionJob(Store store, Router router, LongTermMemory memory, Embedder embedder, Recorder recorder,
                               ModelGateway gateway, Clock clock) {
        this.store = store;
        this.calls = new GatedRouteCall(router, gateway, clock);
        this.memory = memory;
        this.embedder = embedder;
        this.recorder = recorder;
    }

    @Override
    public void handle(JobRecord job) throws Exception {
        SessionRecord session = store.sessions().find(job.tenantId(), job.sessionId()).orElseThrow(() ->
                new BackgroundJobs.PermanentFailure("session '" + job.sessionId() + "' no longer exists"));
        List<Event> events = store.events().readAll(session.id());
        // the version the run that queued the job used: the session may have moved since
        EventPayload.RunStarted started = events.stream()
                .filter(event -> job.runId() != null && job.runId().equals(event.runId()))
                .map(Event::payload).filter(EventPayload.RunStarted.class::isInstance).map(EventPayload.RunStarted.class::cast)
                .findFirst().orElse(new EventPayload.RunStarted(session.agent(), session.agentVersion(), ""));
        AgentVersion agent = store.agents().version(job.tenantId(), started.agent(), started.agentVersion()).orElseThrow(() ->
                new BackgroundJobs.PermanentFailure("agent '" + started.agent() + "' version " + started.agentVersion()
                        + " no longer exists"));
        LongTermSpec longTerm = agent.spec().memory().longTerm();
        if (longTerm == null) {
            throw new BackgroundJobs.PermanentFailure("agent '" + agent.name() + "' version " + agent.version()
                    + " has no long-term memory to extract into");
        }
        MemoryOwner owner = owner(longTerm, session);
        List<String> extract = new ArrayList<>();
        job.payload().path("extract").forEach(kind -> extract.add(kind.asText()));
        Conversation conversation = Conversation.of(events, job);
        if (conversation.alreadyRecorded() || conversation.turns().isEmpty() || extract.isEmpty()) {
            return;
        }
        MemoryFilter filter = new MemoryFilter(job.tenantId(), Set.of(owner), longTerm.namespace());
        Map<String, MemoryItem> existing = related(filter, conversation);
        List<MemoryExtraction.Existing> shown = existing.values().stream()
                .map(item -> new MemoryExtraction.Existing(item.id(), item.kind().wireName(), item.text())).toList();
        CallSubject subject = new CallSubject(job.tenantId(), agent.name(), agent.version(), session.id(),
                job.runId(), session.userId(), session.metadata() == null ? "" : session.metadata().path("classification").asText(""),
                0, ChatRequest.Purpose.EXTRACTION);
        GatedRouteCall.Answer answer = calls.ask(subject, agent.spec().route(),
                MemoryExtraction.request(extract, shown, conversation.turns()));
        List<ExtractedMemory> extracted = MemoryExtraction.parse(answer.response().message().text(), extract, existing.keySet());
        MemorySource source = new MemorySource(session.id(), conversation.seqs(), job.runId());
        Writer writer = new Writer(job.tenantId(), owner, longTerm.namespace(), source, existing);
        List<EventPayload.ExtractionChange> changes = new ArrayList<>();
        for (ExtractedMemory item : extracted) {
            EventPayload.ExtractionChange change = writer.write(item, conversation.summaryId());
            if (change != null) {
                changes.add(change);
            }
        }
        recorder.record(job.tenantId(), session.id(), new EventPayload.MemoryExtracted(job.id(), job.runId(),
                answer.target().provider(), answer.response().model().isEmpty() ? answer.target().model() : answer.response().model(),
                answer.response().usage(), changes));
    }

    private static MemoryOwner owner(LongTermSpec longTerm, SessionRecord session) {
        return switch (longTerm.scope()) {
            case AGENT -> MemoryOwner.agent(session.agent());
            case TENANT -> MemoryOwner.tenant();
            case USER -> {
                if (session.userId() == null || session.userId().isEmpty()) {
                    throw new BackgroundJobs.PermanentFailure("session '" + session.id()
                            + "' has no user_id, so nothing can be remembered in user scope");
                }
                yield MemoryOwner.user(session.userId());
            }
        };
    }

    /** The stored items most related to the conversation, and the session's summary, by id. */
    private Map<String, MemoryItem> related(MemoryFilter filter, Conversation conversation) {
        Map<String, MemoryItem> items = new LinkedHashMap<>();
        String query = conversation.userText();
        if (!query.isBlank()) {
            for (MemoryMatch match : memory.search(filter, query.length() <= QUERY_CHARS ? query : query.substring(0, QUERY_CHARS),
                    RELATED_ITEMS)) {
                items.put(match.item().id(), match.item());
            }
        }
        if (conversation.summaryId() != null) {
            memory.get(filter.tenantId(), conversation.summaryId()).filter(MemoryItem::current)
                    .ifPresent(summary -> items.put(summary.id(), summary));
        }
        return items;
    }

    /** Writes extracted memories, turning an addition that repeats a stored item into an update of it. */
    private final class Writer {
        private final String tenantId;
        private final MemoryOwner owner;
        private final String namespace;
        private final MemorySource source;
        private final Map<String, MemoryItem> existing;
        private final Map<String, float[]> vectors = new HashMap<>();

        Writer(String tenantId, MemoryOwner owner, String namespace, MemorySource source, Map<String, MemoryItem> existing) {
            this.tenantId = tenantId;
            this.owner = owner;
            this.namespace = namespace;
            this.source = source;
            this.existing = new LinkedHashMap<>(existing);
        }

        EventPayload.ExtractionChange write(ExtractedMemory extracted, String summaryId) {
            String targetId = extracted.targetId();
            ExtractedMemory.Action action = extracted.action();
            if (action == ExtractedMemory.Action.ADD) {
                targetId = "summary".equals(extracted.kind()) && existing.containsKey(summaryId) ? summaryId
                        : sameMeaning(extracted);
                action = targetId == null ? ExtractedMemory.Action.ADD : ExtractedMemory.Action.UPDATE;
            }
            try {
                return switch (action) {
                    case ADD -> {
                        MemoryItem added = memory.save(write(extracted));
                        existing.put(added.id(), added);
                        yield new EventPayload.ExtractionChange("added", extracted.kind(), added.id(), null);
                    }
                    case UPDATE -> update(existing.get(targetId), extracted);
                    case SUPERSEDE -> {
                        MemoryStore.Superseded superseded = memory.supersede(tenantId, targetId, write(extracted),
                                MemoryStore.ANY_VERSION);
                        existing.remove(targetId);
                        existing.put(superseded.replacement().id(), superseded.replacement());
                        yield new EventPayload.ExtractionChange("superseded", extracted.kind(), superseded.replacement().id(),
                                targetId);
                    }
                };
            } catch (NotFoundException | ConflictException e) {
                // The item was deleted or replaced by someone else meanwhile: their change stands.
                return null;
            }
        }

        private EventPayload.ExtractionChange update(MemoryItem current, ExtractedMemory extracted) {
            if (current.text().strip().equals(extracted.text().strip())) {
                return new EventPayload.ExtractionChange("unchanged", extracted.kind(), current.id(), null);
            }
            MemoryItem updated = memory.update(tenantId, current.id(), extracted.text(), null, MemoryStore.ANY_VERSION);
            existing.put(updated.id(), updated);
            return new EventPayload.ExtractionChange("updated", extracted.kind(), updated.id(), null);
        }

        private MemoryWrite write(ExtractedMemory extracted) {
            return new MemoryWrite(tenantId, owner, namespace, MemoryKind.parse(extracted.kind()), extracted.text(), null, source);
        }

        /** The stored item of the same kind whose meaning is nearly the same, or null. */
        private String sameMeaning(ExtractedMemory extracted) {
            float[] vector = embedder.embed(extracted.text());
            String best = null;
            double bestSimilarity = SAME_MEANING;
            for (MemoryItem item : existing.values()) {
                if (!item.kind().wireName().equals(extracted.kind())) {
                    continue;
                }
                double similarity = dot(vector, vectors.computeIfAbsent(item.id(), id -> embedder.embed(item.text())));
                if (similarity >= bestSimilarity) {
                    bestSimilarity = similarity;
                    best = item.id();
                }
            }
            return best;
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** What the job reads of the session's log: the run's turns, and what earlier extractions did. */
    private record Conversation(List<MemoryExtraction.Turn> turns, boolean alreadyRecorded, String summaryId) {

        static Conversation of(List<Event> events, JobRecord job) {
            Map<Long, String> userMessages = new HashMap<>();
            Set<Long> runMessages = new TreeSet<>();
            List<MemoryExtraction.Turn> answers = new ArrayList<>();
            boolean recorded = false;
            String summaryId = null;
            for (Event event : events) {
                switch (event.payload()) {
                    case EventPayload.UserMessage message -> userMessages.put(event.seq(), message.content());
                    case EventPayload.RunQueued queued when job.runId() != null && job.runId().equals(event.runId()) ->
                            runMessages.add(queued.messageSeq());
                    case EventPayload.ModelResponded responded when job.runId() != null && job.runId().equals(event.runId())
                            && !responded.text().isBlank() ->
                            answers.add(new MemoryExtraction.Turn(event.seq(), "assistant", responded.text()));
                    case EventPayload.MemoryExtracted extracted -> {
                        recorded |= extracted.jobId().equals(job.id());
                        for (EventPayload.ExtractionChange change : extracted.changes()) {
                            if ("summary".equals(change.kind())) {
                                summaryId = change.itemId();
                            }
                        }
                    }
                    default -> {
                        // not part of the conversation extraction reads
                    }
                }
            }
            List<MemoryExtraction.Turn> turns = new ArrayList<>();
            for (long seq : runMessages) {
                String text = userMessages.get(seq);
                if (text != null) {
                    turns.add(new MemoryExtraction.Turn(seq, "user", text));
                }
            }
            turns.addAll(answers);
            turns.sort(java.util.Comparator.comparingLong(MemoryExtraction.Turn::seq));
            return new Conversation(List.copyOf(turns), recorded, summaryId);
        }

        String userText() {
            return turns.stream().filter(turn -> "user".equals(turn.role())).map(MemoryExtraction.Turn::text)
                    .collect(Collectors.joining("\n"));
        }

        List<Long> seqs() {
            return turns.stream().map(MemoryExtraction.Turn::seq).toList();
        }
    }
}
