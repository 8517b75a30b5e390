package dev.cairn.core.loop;

/** Hears what happens inside a run that is not stored: text as the model writes it. Must not block. */
@FunctionalInterface
public interface RunObserver {

    RunObserver NONE = (sessionId, runId, delta) -> { };

    void onTextDelta(String sessionId, String runId, String delta);
}
