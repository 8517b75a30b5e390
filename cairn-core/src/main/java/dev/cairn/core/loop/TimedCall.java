package dev.cairn.core.loop;

import dev.cairn.core.CairnException;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One tool call on its own virtual thread, bounded by the tool's timeout: a call still running
 * then is interrupted and fails, and the model is told it may or may not have taken effect. Any
 * exception the tool throws becomes a failed outcome. Stateless; thread-safe.
 */
final class TimedCall {

    private TimedCall() {
    }

    static ToolOutcome run(Tool tool, ToolInvocation invocation, Duration timeout) throws InterruptedException {
        FutureTask<ToolOutcome> task = new FutureTask<>(() -> tool.call(invocation));
        Thread.ofVirtual().name("tool-" + tool.definition().name()).start(task);
        try {
            return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return ToolOutcome.failure("the call took longer than the tool's timeout of " + describe(timeout)
                    + " and was stopped; it may or may not have taken effect");
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            return failure(e.getCause());
        }
    }

    private static ToolOutcome failure(Throwable thrown) throws InterruptedException {
        return switch (thrown) {
            case CairnException e -> ToolOutcome.failure(e.getMessage());
            case InterruptedException e -> throw e;
            case RuntimeException e -> ToolOutcome.failure("the tool failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            default -> throw new IllegalStateException("tool failed", thrown);
        };
    }

    private static String describe(Duration timeout) {
        return timeout.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
