package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.Continuation;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.runtime.SessionWentOnException;
import dev.cairn.core.runtime.ToolOutput;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.RunRecord;
import dev.cairn.core.store.SessionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stored responses over sessions and runs. A response's user messages start a run of a session;
 * {@code previous_response_id} continues the session of that response, or forks it right after
 * that response when the session went on since (or belongs to a conversation, which a response
 * outside it must not change); {@code conversation} continues that session. Whether the session
 * went on is checked in the same atomic append as the new messages, so of two continuations of
 * one latest response at most one continues the session and the other forks. Each request's
 * model, instructions and tools pick its agent version, which the session moves to with the
 * messages. Function outputs go to the run that waits for them, whose next part is the new response.
 */
final class ResponseService {

    /** The session metadata that marks a chain of responses made without a conversation. */
    static final String CHAIN_KEY = "openai";
    static final String CHAIN_VALUE = "responses";

    private final AgentRuntime runtime;
    private final ResponseAgents agents;
    private final ResponseLog log;

    ResponseService(AgentRuntime runtime, ResponseAgents agents, ResponseLog log) {
        this.runtime = runtime;
        this.agents = agents;
        this.log = log;
    }

    /** A response begun: the run that makes it, which part of it, and the event it starts after. */
    record Started(String runId, int part, long afterSeq) {
    }

    Started start(String tenantId, ResponseRequest request) {
        List<String> messages = new ArrayList<>();
        List<ToolOutput> outputs = new ArrayList<>();
        for (InputItems.Item item : request.input()) {
            switch (item) {
                case InputItems.UserMessage message -> messages.add(message.text());
                case InputItems.FunctionOutput output -> outputs.add(new ToolOutput(output.callId(), output.output(), false));
            }
        }
        if (!messages.isEmpty() && !outputs.isEmpty()) {
            throw OpenAiError.unsupported("'input' mixes messages with function_call_output items: send the outputs "
                    + "first, then the next message", "input");
        }
        if (request.conversation() != null) {
            SessionRecord session = conversation(tenantId, request.conversation());
            String what = "conversation '" + request.conversation() + "'";
            if (!outputs.isEmpty()) {
                RunRecord waiting = runtime.runs(tenantId, session.id(), RunState.AWAITING_CLIENT_TOOL, 1).stream().findFirst()
                        .orElseThrow(() -> OpenAiError.invalid("no function call of conversation '"
                                + request.conversation() + "' waits for an output", "input"));
                agents.requireRunsOwn(tenantId, runtime.runAgent(tenantId, waiting.id()), request.model(),
                        request.instructions(), request.tools(), what);
                return submit(tenantId, runtime.run(tenantId, waiting.id()), outputs);
            }
            AgentVersion agent = agents.continuing(tenantId, runtime.sessionAgent(tenantId, session.id()), request.model(),
                    request.instructions(), request.tools());
            return post(tenantId, session.id(), messages, new Continuation(agent, Continuation.ANYWHERE));
        }
        if (request.previousResponseId() != null) {
            ResponseLog.Part previous = log.find(tenantId, request.previousResponseId(), "previous_response_id");
            SessionRecord session = runtime.session(tenantId, previous.run().sessionId());
            AgentVersion previousAgent = runtime.runAgent(tenantId, previous.run().id());
            if (!outputs.isEmpty()) {
                if (!previous.latest() || previous.run().state() != RunState.AWAITING_CLIENT_TOOL) {
                    throw OpenAiError.invalid("response '" + request.previousResponseId() + "' waits for no function "
                            + "output", "input");
                }
                agents.requireRunsOwn(tenantId, previousAgent, request.model(), request.instructions(), request.tools(),
                        "response '" + request.previousResponseId() + "'");
                return submit(tenantId, previous.run(), outputs);
            }
            AgentVersion agent = agents.continuing(tenantId, previousAgent, request.model(), request.instructions(),
                    request.tools());
            if (chain(session) && previous.latest()) {
                try {
                    return post(tenantId, session.id(), messages, new Continuation(agent, previous.lastSeq()));
                } catch (SessionWentOnException e) {
                    // the session went on after that response (another continuation got there first): branch instead
                }
            }
            String fork = runtime.fork(tenantId, session.id(), previous.lastSeq()).id();
            return post(tenantId, fork, messages, new Continuation(agent, Continuation.ANYWHERE));
        }
        if (!outputs.isEmpty()) {
            throw OpenAiError.invalid("function_call_output items need 'previous_response_id' or 'conversation': the "
                    + "response whose calls they answer", "input");
        }
        AgentVersion agent = agents.resolve(tenantId, request.model(), request.instructions(), request.tools());
        ObjectNode metadata = Json.object().put(CHAIN_KEY, CHAIN_VALUE);
        SessionRecord session = runtime.createSession(tenantId, agent.name(), request.user(), metadata);
        return post(tenantId, session.id(), messages, Continuation.NONE);
    }

    SessionRecord conversation(String tenantId, String conversationId) {
        OpenAiError missing = OpenAiError.notFound("Conversation with id '" + conversationId + "' not found.",
                "conversation");
        String sessionId = OpenAiIds.parseConversation(conversationId).orElseThrow(() -> missing);
        try {
            return runtime.session(tenantId, sessionId);
        } catch (NotFoundException e) {
            throw missing;
        }
    }

    private Started post(String tenantId, String sessionId, List<String> messages, Continuation continuation) {
        PostedMessage posted = runtime.postMessages(tenantId, sessionId, messages, null, continuation);
        return new Started(posted.run().id(), 0, posted.run().lastSeq());
    }

    private Started submit(String tenantId, RunView run, List<ToolOutput> outputs) {
        Set<String> pending = new TreeSet<>();
        runtime.waits(tenantId, run.id()).clientCalls().stream().map(SessionView.OpenCall::callId).forEach(pending::add);
        outputs.forEach(output -> pending.remove(output.callId()));
        if (!pending.isEmpty()) {
            throw OpenAiError.invalid("function_call_output is missing for call_id " + String.join(", ", pending)
                    + ": send the outputs of every function call of the response", "input");
        }
        runtime.submitToolOutputs(tenantId, run.id(), outputs);
        List<ResponseLog.Part> parts = log.parts(tenantId, runtime.run(tenantId, run.id()));
        ResponseLog.Part latest = parts.getLast();
        return new Started(run.id(), latest.index(), latest.events().getFirst().seq());
    }

    static boolean chain(SessionRecord session) {
        return session.metadata() != null && CHAIN_VALUE.equals(session.metadata().path(CHAIN_KEY).asText());
    }

    /** What a response shows now. */
    ResponseWire.Snapshot snapshot(String tenantId, ResponseLog.Part part) {
        RunView run = part.run();
        SessionRecord session = runtime.session(tenantId, run.sessionId());
        AgentSpec spec = runtime.runAgent(tenantId, run.id()).spec();
        String status = part.latest() ? status(run.state()) : "completed";
        boolean done = !status.equals("in_progress") && !status.equals("queued");
        Instant completedAt = !done ? null : part.events().isEmpty() ? run.updatedAt() : part.events().getLast().createdAt();
        return new ResponseWire.Snapshot(OpenAiIds.response(run.id(), part.index()), part.startedAt(), completedAt,
                status, error(part), ResponseAgents.model(spec), spec.instructions(), ResponseAgents.tools(spec),
                ResponseWire.outputItems(run.id(), part.events()), ResponseWire.usage(part.events()),
                previousResponseId(tenantId, session, part),
                chain(session) ? null : OpenAiIds.conversation(session.id()), true);
    }

    private static ObjectNode error(ResponseLog.Part part) {
        RunView run = part.run();
        if (!part.latest() || run.state() != RunState.FAILED && run.state() != RunState.EXPIRED) {
            return null;
        }
        return ResponseWire.error("server_error", run.failureMessage() == null ? run.state().wireName()
                : run.failureMessage());
    }

    private Optional<RunView> previousRun(String tenantId, SessionRecord session, RunView run) {
        return runtime.state(tenantId, session.id()).runs().stream()
                .filter(other -> other.messageSeq() < run.messageSeq())
                .max(Comparator.comparingLong(RunView::messageSeq));
    }

    private String previousResponseId(String tenantId, SessionRecord session, ResponseLog.Part part) {
        if (part.index() > 0) {
            return OpenAiIds.response(part.run().id(), part.index() - 1);
        }
        if (!chain(session)) {
            return null;
        }
        return previousRun(tenantId, session, part.run())
                .map(previous -> OpenAiIds.response(previous.id(), log.parts(tenantId, previous).size() - 1))
                .orElse(null);
    }

    static String status(RunState state) {
        return switch (state) {
            case QUEUED -> "queued";
            case RUNNING, AWAITING_APPROVAL -> "in_progress";
            case AWAITING_CLIENT_TOOL, COMPLETED -> "completed";
            case FAILED, EXPIRED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }
}
