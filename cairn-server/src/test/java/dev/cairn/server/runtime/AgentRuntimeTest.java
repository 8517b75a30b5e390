package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.agent.OnBusy;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderErrors;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.model.Usage;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MEMORY_AGENT = """
            name: helper
            instructions: Help.
            memory: {blocks: {user: ""}}
            tools: [{builtin: memory}]
            """;

    @TempDir
    Path folder;

    private static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    private RunView ask(RuntimeFixture fixture, String session, String content) throws InterruptedException {
        PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, content, null);
        return fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), WAIT);
    }

    @Test
    void aToolCallingTurnCommitsEachStepInOrderAndAnswers() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent(MEMORY_AGENT);
            String session = fixture.session("helper");
            RunView run = ask(fixture, session,
                    "/call memory {\"operation\":\"append\",\"label\":\"user\",\"text\":\"likes tea\"}");
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).startsWith("memory -> memory block 'user' now reads:");
            assertThat(run.steps()).isEqualTo(2);
            List<Event> events = fixture.store.events().readAll(session);
            assertThat(types(events)).containsExactly("session.created", "message.user", "run.queued", "run.started",
                    "model.requested", "model.responded", "tool.requested", "tool.started", "tool.completed",
                    "memory.written", "model.requested", "model.responded", "run.completed");
            assertThat(events).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
            assertThat(fixture.runtime.state(RuntimeFixture.TENANT, session).memoryBlocks()).containsEntry("user", "likes tea");
        }
    }

    @Test
    void eachStepIsOnDiskBeforeTheNextBegins() throws Exception {
        List<String> seenByTool = new CopyOnWriteArrayList<>();
        List<String> seenByModel = new CopyOnWriteArrayList<>();
        RuntimeFixture[] holder = new RuntimeFixture[1];
        ChatProvider model = new ChatProvider() {
            @Override
            public String name() {
                return "checking";
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener listener) {
                boolean results = request.messages().getLast() instanceof Message.ToolResult;
                String session = holder[0].runtime.runs(RuntimeFixture.TENANT, null, RunState.RUNNING, 1).getFirst().sessionId();
                seenByModel.add(types(holder[0].store.events().readAll(session)).getLast());
                return results ? new ChatResponse(Message.Assistant.text("done"), new Usage(1, 1), "stop", "m")
                        : new ChatResponse(new Message.Assistant("", List.of(new ToolCall("c1", "probe", "{}"))),
                        new Usage(1, 1), "tool_calls", "m");
            }
        };
        Tool probe = tool("probe", invocation -> {
            seenByTool.add(types(holder[0].store.events().readAll(invocation.sessionId())).getLast());
            return ToolOutcome.success("ok");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(model).tool("probe", entry -> probe).open()) {
            holder[0] = fixture;
            fixture.agent("{\"name\":\"a\",\"tools\":[{\"builtin\":\"probe\"}]}");
            RunView run = ask(fixture, fixture.session("a"), "go");
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
        }
        assertThat(seenByModel).containsExactly("run.started", "tool.completed");
        assertThat(seenByTool).containsExactly("tool.started");
    }

    @Test
    void parallelToolCallsRunConcurrently() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Tool meet = tool("meet", invocation -> {
            bothStarted.countDown();
            boolean met = bothStarted.await(10, TimeUnit.SECONDS);
            return ToolOutcome.success(met ? "met" : "alone");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("meet", entry -> meet).open()) {
            fixture.agent("{\"name\":\"a\",\"tools\":[{\"builtin\":\"meet\"}]}");
            RunView run = ask(fixture, fixture.session("a"), "/call meet {}\n/call meet {}");
            assertThat(run.output()).isEqualTo("meet -> met\nmeet -> met");
        }
    }

    @Test
    void aModelThatNeverStopsCallingToolsFailsAtMaxSteps() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ChatProvider looping = provider("looping", request -> {
            calls.incrementAndGet();
            return new ChatResponse(new Message.Assistant("", List.of(new ToolCall("c" + calls.get(), "memory",
                    "{\"operation\":\"append\",\"label\":\"user\",\"text\":\"x\"}"))), new Usage(1, 1), "tool_calls", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(looping).open()) {
            fixture.agent(MEMORY_AGENT.replace("tools:", "limits: {max_steps: 3}\ntools:"));
            String session = fixture.session("helper");
            RunView run = ask(fixture, session, "loop");
            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.failureReason()).isEqualTo("max_steps");
            assertThat(run.failureMessage()).contains("3 model calls").contains("limits.max_steps");
            assertThat(calls).hasValue(3);
            assertThat(types(fixture.store.events().readAll(session))).filteredOn("model.responded"::equals).hasSize(3);
        }
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffAndAuthFailuresAreNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ChatProvider flaky = provider("flaky", request -> {
            int call = calls.incrementAndGet();
            String text = request.latestUserText();
            if (text.equals("auth")) {
                throw ProviderErrors.fromStatus("flaky", 401, "bad key", 0, null);
            }
            if (call <= 2) {
                throw ProviderErrors.fromStatus("flaky", call == 1 ? 429 : 503, "busy", 0, null);
            }
            return new ChatResponse(Message.Assistant.text("finally"), new Usage(1, 1), "stop", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(flaky).open()) {
            fixture.agent("{\"name\":\"a\"}");
            String session = fixture.session("a");
            RunView ok = ask(fixture, session, "hello");
            assertThat(ok.state()).isEqualTo(RunState.COMPLETED);
            assertThat(ok.output()).isEqualTo("finally");
            assertThat(fixture.slept).hasSize(2);
            assertThat(fixture.slept.get(1)).isGreaterThanOrEqualTo(fixture.slept.get(0).dividedBy(2));

            calls.set(10);
            RunView denied = ask(fixture, session, "auth");
            assertThat(denied.state()).isEqualTo(RunState.FAILED);
            assertThat(denied.failureReason()).isEqualTo("provider_auth_failed");
            assertThat(denied.failureMessage()).contains("401").contains("check the provider's API key");
            assertThat(calls).hasValue(11);
            assertThat(fixture.slept).hasSize(2);
            List<Event> failures = fixture.store.events().readAll(session).stream()
                    .filter(e -> e.payload() instanceof EventPayload.ModelFailed).toList();
            assertThat(failures).hasSize(1);
        }
    }

    @Test
    void aModelCallOverTheStepTimeoutIsRetriedThenFailsTheRunWithAClearReason() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent("{\"name\":\"a\",\"limits\":{\"step_timeout\":\"200ms\"}}");
            String session = fixture.session("a");
            RunView run = ask(fixture, session, "/sleep 60000\nslow");
            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.failureReason()).isEqualTo("step_timeout");
            assertThat(run.failureMessage()).contains("limits.step_timeout");
            assertThat(fixture.slept).hasSize(2); // three attempts, two backoffs
            RunView quick = ask(fixture, session, "quick");
            assertThat(quick.output()).isEqualTo("echo: quick"); // the interrupt did not leak into the next run
        }
    }

    @Test
    void onBusyRejectRefusesAMessageWhileARunIsActive() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ChatProvider slow = provider("slow", request -> {
            await(release);
            return new ChatResponse(Message.Assistant.text("ok"), Usage.ZERO, "stop", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(slow).open()) {
            fixture.agent("{\"name\":\"a\",\"on_busy\":\"reject\"}");
            String session = fixture.session("a");
            PostedMessage first = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "one", null);
            long before = fixture.store.events().lastSeq(session);
            assertThatThrownBy(() -> fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "two", null))
                    .isInstanceOf(ConflictException.class).hasMessageContaining(first.run().id());
            assertThat(fixture.store.events().lastSeq(session)).isBetween(before, before + 1); // only run.started may follow
            release.countDown();
            assertThat(fixture.runtime.awaitRun(RuntimeFixture.TENANT, first.run().id(), WAIT).state()).isEqualTo(RunState.COMPLETED);
        }
    }

    @Test
    void onBusyEnqueueRunsMessagesInOrderEachSeeingOnlyItsOwnConversation() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> latestSeen = new CopyOnWriteArrayList<>();
        ChatProvider recording = provider("rec", request -> {
            await(release);
            latestSeen.add(request.latestUserText());
            return new ChatResponse(Message.Assistant.text("answer to " + request.latestUserText()), Usage.ZERO, "stop", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(recording).open()) {
            fixture.agent("{\"name\":\"a\"}");
            String session = fixture.session("a");
            PostedMessage one = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "one", null);
            PostedMessage two = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "two", OnBusy.ENQUEUE);
            assertThat(two.run().state()).isEqualTo(RunState.QUEUED);
            release.countDown();
            assertThat(fixture.runtime.awaitRun(RuntimeFixture.TENANT, two.run().id(), WAIT).output()).isEqualTo("answer to two");
            assertThat(fixture.runtime.run(RuntimeFixture.TENANT, one.run().id()).output()).isEqualTo("answer to one");
            assertThat(latestSeen).containsExactly("one", "two");
        }
    }

    @Test
    void onBusyInterruptCancelsTheActiveRunAtItsNextStepBoundary() throws Exception {
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChatProvider model = provider("m", request -> {
            if (request.latestUserText().equals("long") && !(request.messages().getLast() instanceof Message.ToolResult)) {
                inModel.countDown();
                await(release);
                return new ChatResponse(new Message.Assistant("", List.of(new ToolCall("c1", "memory",
                        "{\"operation\":\"append\",\"label\":\"user\",\"text\":\"x\"}"))), Usage.ZERO, "tool_calls", "m");
            }
            return new ChatResponse(Message.Assistant.text("quick"), Usage.ZERO, "stop", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(model).open()) {
            fixture.agent(MEMORY_AGENT);
            String session = fixture.session("helper");
            PostedMessage first = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "long", null);
            assertThat(inModel.await(10, TimeUnit.SECONDS)).isTrue();
            PostedMessage second = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "now", OnBusy.INTERRUPT);
            release.countDown();
            RunView interrupted = fixture.runtime.awaitRun(RuntimeFixture.TENANT, first.run().id(), WAIT);
            assertThat(interrupted.state()).isEqualTo(RunState.CANCELLED);
            assertThat(interrupted.failureMessage()).contains("interrupted");
            assertThat(interrupted.steps()).isEqualTo(1); // the step in flight was committed, no step after it
            assertThat(fixture.runtime.awaitRun(RuntimeFixture.TENANT, second.run().id(), WAIT).output()).isEqualTo("quick");
        }
    }

    @Test
    void cancellingAQueuedRunEndsItAtOnceAndAnEndedRunCannotBeCancelled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ChatProvider slow = provider("slow", request -> {
            await(release);
            return new ChatResponse(Message.Assistant.text("ok"), Usage.ZERO, "stop", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(slow).open()) {
            fixture.agent("{\"name\":\"a\"}");
            String session = fixture.session("a");
            PostedMessage first = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "one", null);
            PostedMessage second = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "two", null);
            RunView cancelled = fixture.runtime.cancel(RuntimeFixture.TENANT, second.run().id(), "changed my mind");
            assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
            release.countDown();
            assertThat(fixture.runtime.awaitRun(RuntimeFixture.TENANT, first.run().id(), WAIT).state()).isEqualTo(RunState.COMPLETED);
            assertThatThrownBy(() -> fixture.runtime.cancel(RuntimeFixture.TENANT, first.run().id(), null))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("already ended");
            assertThat(fixture.runtime.run(RuntimeFixture.TENANT, second.run().id()).steps()).isZero();
        }
    }

    @Test
    void anotherTenantsSessionsAndRunsAreNotFound() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent("{\"name\":\"a\"}");
            String session = fixture.session("a");
            RunView run = ask(fixture, session, "hi");
            assertThatThrownBy(() -> fixture.runtime.state("other", session)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> fixture.runtime.postMessage("other", session, "x", null)).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> fixture.runtime.run("other", run.id())).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> fixture.runtime.createSession("other", "a", null, null)).isInstanceOf(NotFoundException.class);
            assertThat(fixture.store.events().readAll(session)).hasSize(7);
        }
    }

    @Test
    void runsLeftByAStoppedProcessResumeFromTheirLastCommittedStepOnceItsLeaseExpires() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch inModel = new CountDownLatch(1);
        ChatProvider stuck = provider("scripted", request -> {
            inModel.countDown();
            await(never);
            return new ChatResponse(Message.Assistant.text("late"), Usage.ZERO, "stop", "m");
        });
        RuntimeFixture first = RuntimeFixture.in(folder).model(stuck).open();
        first.agent(MEMORY_AGENT);
        String session = first.session("helper");
        String runningRun = first.runtime.postMessage(RuntimeFixture.TENANT, session, "one", null).run().id();
        String queuedRun = first.runtime.postMessage(RuntimeFixture.TENANT, session, "two", null).run().id();
        assertThat(inModel.await(10, TimeUnit.SECONDS)).isTrue();
        first.store.close(); // the process "dies": nothing more of it reaches the log, its lease is left to expire
        try (RuntimeFixture second = RuntimeFixture.in(folder).open()) {
            RunView resumed = second.runtime.awaitRun(RuntimeFixture.TENANT, runningRun, WAIT);
            assertThat(resumed.state()).isEqualTo(RunState.COMPLETED);
            assertThat(resumed.output()).isEqualTo("echo: one");
            assertThat(second.runtime.awaitRun(RuntimeFixture.TENANT, queuedRun, WAIT).output()).isEqualTo("echo: two");
            List<String> types = types(second.store.events().readAll(session));
            assertThat(types).containsSubsequence("run.started", "run.resumed", "model.requested", "model.responded", "run.completed");
            assertThat(types).filteredOn("run.resumed"::equals).hasSize(1);
        } finally {
            never.countDown();
            first.runtime.close();
        }
    }

    @Test
    void aCallStartedByAWorkerThatDiedIsRepeatedOnlyWhenIdempotentAndWithTheSameKey() throws Exception {
        CountDownLatch bothCalled = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        Tool blockingCharge = tool("charge", false, invocation -> {
            bothCalled.countDown();
            await(never);
            return ToolOutcome.success("charged");
        });
        Tool blockingLookup = tool("lookup", true, invocation -> {
            bothCalled.countDown();
            await(never);
            return ToolOutcome.success("found");
        });
        RuntimeFixture first = RuntimeFixture.in(folder).tool("charge", entry -> blockingCharge)
                .tool("lookup", entry -> blockingLookup).open();
        String agent = "{\"name\":\"a\",\"tools\":[{\"builtin\":\"charge\"},{\"builtin\":\"lookup\"}]}";
        first.agent(agent);
        String session = first.session("a");
        String runId = first.runtime.postMessage(RuntimeFixture.TENANT, session, "/call charge {\"amount\":5}\n/call lookup {}",
                null).run().id();
        assertThat(bothCalled.await(10, TimeUnit.SECONDS)).isTrue();
        first.store.close();

        AtomicInteger charges = new AtomicInteger();
        List<String> lookupKeys = new CopyOnWriteArrayList<>();
        Tool charge = tool("charge", false, invocation -> {
            charges.incrementAndGet();
            return ToolOutcome.success("charged again");
        });
        Tool lookup = tool("lookup", true, invocation -> {
            lookupKeys.add(invocation.idempotencyKey());
            return ToolOutcome.success("found");
        });
        try (RuntimeFixture second = RuntimeFixture.in(folder).tool("charge", entry -> charge).tool("lookup", entry -> lookup).open()) {
            RunView run = second.runtime.awaitRun(RuntimeFixture.TENANT, runId, WAIT);
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(charges).hasValue(0);
            List<Event> events = second.store.events().readAll(session);
            List<String> startedKeys = events.stream().filter(e -> e.payload() instanceof EventPayload.ToolStarted started
                    && started.tool().equals("lookup")).map(e -> ((EventPayload.ToolStarted) e.payload()).idempotencyKey()).toList();
            assertThat(lookupKeys).hasSize(1).isEqualTo(startedKeys);
            assertThat(events).filteredOn(e -> e.payload() instanceof EventPayload.ToolOutcomeUnknown unknown
                    && unknown.tool().equals("charge")).hasSize(1);
            assertThat(run.output()).contains("charge -> the outcome of this call is unknown").contains("lookup -> found");
        } finally {
            never.countDown();
            first.runtime.close();
        }
    }

    @Test
    void twoRuntimesOnOneStoreExecuteEachRunExactlyOnce() throws Exception {
        AtomicInteger modelCalls = new AtomicInteger();
        ChatProvider counting = provider("scripted", request -> {
            modelCalls.incrementAndGet();
            return new ChatResponse(Message.Assistant.text("answer to " + request.latestUserText()), Usage.ZERO, "stop", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(counting).open()) {
            fixture.agent("{\"name\":\"a\"}");
            AgentRuntime other = fixture.secondRuntime(counting);
            try {
                List<String> sessions = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    sessions.add(fixture.session("a"));
                }
                List<String> runs = new CopyOnWriteArrayList<>();
                List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
                try (var senders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (String session : sessions) {
                        for (int n = 0; n < 5; n++) {
                            AgentRuntime through = n % 2 == 0 ? fixture.runtime : other;
                            String content = "m" + n;
                            sent.add(senders.submit(() -> runs.add(
                                    through.postMessage(RuntimeFixture.TENANT, session, content, null).run().id())));
                        }
                    }
                }
                for (java.util.concurrent.Future<?> message : sent) {
                    message.get(); // every message was accepted
                }
                for (String run : runs) {
                    assertThat(fixture.runtime.awaitRun(RuntimeFixture.TENANT, run, WAIT).state()).isEqualTo(RunState.COMPLETED);
                }
                assertThat(modelCalls).hasValue(40);
                for (String session : sessions) {
                    List<Event> events = fixture.store.events().readAll(session);
                    assertThat(events).extracting(Event::seq).containsExactlyElementsOf(
                            java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
                    assertThat(types(events)).filteredOn("run.started"::equals).hasSize(5);
                    assertThat(types(events)).filteredOn("run.completed"::equals).hasSize(5);
                }
            } finally {
                other.close();
            }
        }
    }

    @Test
    void aCancelMadeThroughAnotherRuntimeStopsTheRunWhereverItExecutes() throws Exception {
        CountDownLatch inModel = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChatProvider model = provider("scripted", request -> {
            if (request.messages().getLast() instanceof Message.ToolResult) {
                return new ChatResponse(Message.Assistant.text("should not be reached"), Usage.ZERO, "stop", "m");
            }
            inModel.countDown();
            await(release);
            return new ChatResponse(new Message.Assistant("", List.of(new ToolCall("c1", "memory",
                    "{\"operation\":\"append\",\"label\":\"user\",\"text\":\"x\"}"))), Usage.ZERO, "tool_calls", "m");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(model).open()) {
            fixture.agent(MEMORY_AGENT);
            String session = fixture.session("helper");
            String runId = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "go", null).run().id();
            assertThat(inModel.await(10, TimeUnit.SECONDS)).isTrue();
            AgentRuntime other = fixture.secondRuntime(model);
            try {
                other.cancel(RuntimeFixture.TENANT, runId, "stop from elsewhere");
            } finally {
                other.close();
            }
            release.countDown();
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, runId, WAIT);
            assertThat(run.state()).isEqualTo(RunState.CANCELLED);
            assertThat(run.failureMessage()).isEqualTo("stop from elsewhere");
            assertThat(run.steps()).isEqualTo(1);
            assertThat(types(fixture.store.events().readAll(session))).contains("run.cancel_requested")
                    .doesNotContain("run.completed");
        }
    }

    static Tool tool(String name, ToolBody body) {
        return tool(name, true, body);
    }

    static Tool tool(String name, boolean idempotent, ToolBody body) {
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return new ToolDefinition(name, "test tool", Json.object().put("type", "object"));
            }

            @Override
            public boolean idempotent() {
                return idempotent;
            }

            @Override
            public ToolOutcome call(ToolInvocation invocation) throws InterruptedException {
                return body.call(invocation);
            }
        };
    }

    interface ToolBody {
        ToolOutcome call(ToolInvocation invocation) throws InterruptedException;
    }

    static ChatProvider provider(String name, java.util.function.Function<ChatRequest, ChatResponse> body) {
        return new ChatProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ChatResponse chat(ChatRequest request, StreamListener listener) {
                return body.apply(request);
            }
        };
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("latch was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
