package dev.cairn.core.loop;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.route.Route;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.session.SessionView.Compaction;
import dev.cairn.core.session.SessionView.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a run's context within its route's budget by summarizing earlier conversation, before a
 * model step, when the transcript no longer fits.
 *
 * <p>The oldest messages that do not fit are summarized together with the previous summary, if
 * any, by a model call on the agent's own route, and the summary is recorded as
 * {@code context.compacted}: from then on a model's context holds it in place of everything up to
 * the end of its range. It summarizes in chunks: the newest messages are kept up to about half of
 * what the transcript may take, so the next summary is due only after as much again has been
 * said. Units that must stay together (a tool-calling answer and its results) are summarized or
 * kept together, and a message that belongs to a run queued later is never folded into a
 * summary. The events themselves are never changed.
 *
 * <p>A summarizing call that fails, or answers with no text, does not fail the run: it is
 * recorded as {@code context.compaction_failed}, the oldest messages are left out of context as
 * they were before summaries existed, and the run does not try again.
 *
 * <p>Thread-safe; the run's worker calls it, and every decision is made from the session's log.
 */
final class ContextCompactor {

    /** Summarizing calls one model step may make; whatever still does not fit is left out of context. */
    static final int MAX_CALLS_PER_STEP = 4;

    private final ContextAssembler assembler;
    private final ModelCaller models;
    private final TokenCounter counter;

    ContextCompactor(ContextAssembler assembler, ModelCaller models, TokenCounter counter) {
        this.assembler = assembler;
        this.models = models;
        this.counter = counter;
    }

    /** The conversation a model's context shows after {@code compaction}: the messages after its range. */
    static List<TranscriptEntry> visible(List<TranscriptEntry> conversation, Optional<Compaction> compaction) {
        if (compaction.isEmpty()) {
            return conversation;
        }
        long through = compaction.get().throughSeq();
        int low = 0;
        int high = conversation.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (conversation.get(middle).seq() <= through) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return conversation.subList(low, conversation.size());
    }

    /**
     * Summarizes earlier conversation until the context of model step {@code step} fits, if it does
     * not, recording each summarizing call in the log. {@code instructions} are the agent's
     * instructions as the step sends them, with any memories recalled into them.
     *
     * @throws dev.cairn.core.store.FencedException when the session's lease passed to another worker
     */
    void compactIfNeeded(RunTask task, Route route, String instructions, List<ToolDefinition> tools, int step)
            throws InterruptedException {
        for (int call = 0; call < MAX_CALLS_PER_STEP; call++) {
            Optional<Plan> plan = task.log().read(view -> plan(view, task, route, instructions, tools));
            if (plan.isEmpty() || !summarize(task, route, step, plan.get())) {
                return;
            }
        }
    }

    /** One summarizing call: the messages it folds in and the request that does it. */
    private record Plan(long fromSeq, long throughSeq, int messages, List<Message> request) {
    }

    private Optional<Plan> plan(SessionView view, RunTask task, Route route, String instructions, List<ToolDefinition> tools) {
        if (view.compactionFailed(task.runId())) {
            return Optional.empty();
        }
        RunView run = view.run(task.runId()).orElseThrow();
        AgentSpec spec = task.agent().spec();
        String previous = view.compaction().map(Compaction::summary).orElse("");
        List<TranscriptEntry> visible = visible(RunExecutor.conversation(view.transcript(), run), view.compaction());
        ContextAssembler.Units units = ContextAssembler.Units.of(visible);
        if (units.count() < 2) {
            return Optional.empty();
        }
        long[] unitTokens = new long[units.count()];
        long transcriptTokens = 0;
        for (int unit = 0; unit < units.count(); unit++) {
            unitTokens[unit] = units.tokens(unit, visible, entry -> task.log().tokens(entry, assembler::tokens));
            transcriptTokens += unitTokens[unit];
        }
        long budget = route.contextTokens() - route.maxOutputTokens();
        long fixed = assembler.fixedTokens(instructions, view.memoryBlocks(spec.memory().blocks()), tools);
        if (fixed + assembler.summaryTokens(previous) + transcriptTokens <= budget) {
            return Optional.empty();
        }
        long transcriptBudget = Math.max(0, budget - fixed);
        int firstKept = keepOwnMessage(visible, units, unitTokens, firstKept(visible, units, unitTokens, transcriptBudget),
                run.messageSeq(), transcriptBudget);
        int maxWords = summaryWords(route, budget);
        long inputBudget = budget - counter.count(SummaryPrompt.instructions(maxWords)) - counter.count(previous) - 64;
        long laterRunsFrom = firstMessageOfLaterRuns(view.transcript(), run);
        int summarized = 0;
        while (summarized < firstKept && visible.get(units.end(summarized) - 1).seq() < laterRunsFrom) {
            summarized++;
        }
        return chunk(visible, units, summarized, inputBudget).map(lines -> new Plan(visible.get(units.start(0)).seq(),
                visible.get(units.end(lines.units() - 1) - 1).seq(), units.end(lines.units() - 1) - units.start(0),
                SummaryPrompt.messages(previous, lines.lines(), maxWords)));
    }

    /** The lines of the oldest units that fit one summarizing call, and how many units they are. */
    private record Chunk(List<String> lines, int units) {
    }

    private Optional<Chunk> chunk(List<TranscriptEntry> visible, ContextAssembler.Units units, int candidates,
                                  long inputBudget) {
        List<String> lines = new ArrayList<>();
        long inputTokens = 0;
        int taken = 0;
        while (taken < candidates) {
            List<String> unitLines = new ArrayList<>();
            for (int entry = units.start(taken); entry < units.end(taken); entry++) {
                unitLines.addAll(SummaryPrompt.lines(visible.get(entry)));
            }
            long tokens = unitLines.stream().mapToLong(line -> counter.count(line) + 1L).sum();
            if (taken > 0 && inputTokens + tokens > inputBudget) {
                break;
            }
            lines.addAll(unitLines);
            inputTokens += tokens;
            taken++;
        }
        return taken == 0 ? Optional.empty() : Optional.of(new Chunk(lines, taken));
    }

    /**
     * Keeps the message the run answers, and all after it, when that takes no more than three
     * quarters of the transcript's budget: the model then reads the request it works on as it was
     * written. A run whose own work outgrows that has it summarized like everything else.
     */
    private static int keepOwnMessage(List<TranscriptEntry> visible, ContextAssembler.Units units, long[] unitTokens,
                                      int firstKept, long ownMessageSeq, long transcriptBudget) {
        long kept = 0;
        for (int unit = unitTokens.length - 1; unit >= 0; unit--) {
            kept += unitTokens[unit];
            if (visible.get(units.start(unit)).seq() == ownMessageSeq) {
                return unit < firstKept && kept <= transcriptBudget * 3 / 4 ? unit : firstKept;
            }
        }
        return firstKept;
    }

    /**
     * The first unit to keep: the newest ones whose tokens together stay within half of
     * {@code transcriptTokens} (at least one), moved on to the start of the next turn (a user
     * message) if there is one, so a summary ends between turns rather than between a question
     * and its answer.
     */
    private static int firstKept(List<TranscriptEntry> visible, ContextAssembler.Units units, long[] unitTokens,
                                 long transcriptTokens) {
        int first = unitTokens.length - 1;
        long kept = unitTokens[first];
        while (first > 0 && kept + unitTokens[first - 1] <= transcriptTokens / 2) {
            first--;
            kept += unitTokens[first];
        }
        for (int turnStart = first; turnStart < unitTokens.length; turnStart++) {
            if (visible.get(units.start(turnStart)).message() instanceof Message.User) {
                return turnStart;
            }
        }
        return first;
    }

    /** The sequence number of the first transcript message that belongs to a run queued after {@code run}. */
    private static long firstMessageOfLaterRuns(List<TranscriptEntry> transcript, RunView run) {
        long first = Long.MAX_VALUE;
        for (int entry = transcript.size() - 1; entry >= 0 && transcript.get(entry).seq() > run.messageSeq(); entry--) {
            if (!run.id().equals(transcript.get(entry).runId())) {
                first = transcript.get(entry).seq();
            }
        }
        return first;
    }

    /** How long a summary may be: a share of the budget, and no more than the model may write. */
    private static int summaryWords(Route route, long budget) {
        long tokens = Math.min(budget / 8, route.maxOutputTokens() > 0 ? route.maxOutputTokens() : budget / 8);
        return (int) Math.max(50, tokens * 3 / 4);
    }

    /** Makes the call and records it; answers whether a summary was recorded. */
    private boolean summarize(RunTask task, Route route, int step, Plan plan) throws InterruptedException {
        ModelCaller.Outcome outcome = models.call(ModelCaller.subject(task, step, ChatRequest.Purpose.SUMMARY), route,
                plan.request(), List.of(), StreamListener.NONE, task.agent().spec().limits().stepTimeoutDuration());
        EventPayload recorded;
        if (!outcome.succeeded()) {
            recorded = new EventPayload.ContextCompactionFailed(step, plan.fromSeq(), plan.throughSeq(),
                    outcome.lastFailure().type(), outcome.lastFailure().getMessage(), null, outcome.failures());
        } else if (outcome.response().message().text().isBlank()) {
            recorded = new EventPayload.ContextCompactionFailed(step, plan.fromSeq(), plan.throughSeq(), "empty_summary",
                    "the model answered the request for a summary with no text", outcome.response().usage(),
                    outcome.failures());
        } else {
            ChatResponse response = outcome.response();
            recorded = new EventPayload.ContextCompacted(step, plan.fromSeq(), plan.throughSeq(), plan.messages(),
                    response.message().text().strip(), outcome.target().provider(),
                    response.model().isEmpty() ? outcome.target().model() : response.model(), response.usage(),
                    outcome.latencyMillis(), outcome.failures());
        }
        task.log().append(List.of(NewEvent.ofRun(task.runId(), recorded)), task.fencingToken());
        return recorded instanceof EventPayload.ContextCompacted;
    }
}
