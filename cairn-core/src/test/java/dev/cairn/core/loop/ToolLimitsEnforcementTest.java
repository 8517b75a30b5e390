package dev.cairn.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-call limits the loop applies around a tool: its timeout and its output cap. */
class ToolLimitsEnforcementTest {

    private static ToolInvocation invocation() {
        return new ToolInvocation("t1", "ses_1", "run_1", "c1", "key", Json.object(), Map.of());
    }

    private static Tool tool(java.util.concurrent.Callable<ToolOutcome> body) {
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return new ToolDefinition("slow", "", Json.constant("{\"type\":\"object\"}"));
            }

            @Override
            public boolean idempotent() {
                return false;
            }

            @Override
            public ToolOutcome call(ToolInvocation invocation) {
                try {
                    return body.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void aCallPastItsTimeoutFailsAndTheToolIsInterrupted() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Tool blocking = tool(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return ToolOutcome.success("late");
        });

        ToolOutcome outcome = TimedCall.run(blocking, invocation(), Duration.ofMillis(200));

        assertThat(outcome).isInstanceOf(ToolOutcome.Failure.class);
        assertThat(((ToolOutcome.Failure) outcome).error()).contains("timeout of 0.2s").contains("may or may not");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aToolThatThrowsFailsTheCallWithItsMessage() throws Exception {
        ToolOutcome outcome = TimedCall.run(tool(() -> {
            throw new IllegalArgumentException("no such order");
        }), invocation(), Duration.ofSeconds(10));
        assertThat(((ToolOutcome.Failure) outcome).error()).contains("no such order");
        assertThat(TimedCall.run(tool(() -> ToolOutcome.success("ok")), invocation(), Duration.ofSeconds(10)))
                .isEqualTo(ToolOutcome.success("ok"));
    }

    @Test
    void anOutputOverItsCapIsCutAtACharacterWithAMarker() {
        String output = "é".repeat(1000); // 2000 bytes
        ToolOutcome capped = OutputCap.apply(ToolOutcome.success(output), 1001);
        String text = ((ToolOutcome.Success) capped).output();
        assertThat(text).startsWith("é".repeat(500)).doesNotStartWith("é".repeat(501))
                .contains("[output truncated by Cairn: it was 2000 bytes, over this tool's max_output of 1001 bytes");
        assertThat(OutputCap.apply(ToolOutcome.success(output), 2000)).isEqualTo(ToolOutcome.success(output));
        assertThat(OutputCap.apply(ToolOutcome.failure(output), 10)).isEqualTo(ToolOutcome.failure(output));
    }
}
