package dev.cairn.core.runtime;

import dev.cairn.core.agent.AgentVersion;

/**
 * What messages are posted with, decided and appended in one atomic step with them (see
 * {@link AgentRuntime#postMessages(String, String, java.util.List, dev.cairn.core.agent.OnBusy, Continuation)}):
 * a move of the session to another agent version, and the point the new turn continues from.
 *
 * @param agent    the agent version the session moves to before the run is queued (recorded as
 *                 {@code session.agent_moved} when it differs from the session's); null: keep the session's
 * @param afterSeq post only while no user message follows this sequence number, else throw
 *                 {@link SessionWentOnException} and append nothing; {@link #ANYWHERE}: whatever follows
 */
public record Continuation(AgentVersion agent, long afterSeq) {

    /** No condition on what follows. */
    public static final long ANYWHERE = -1;

    /** Keep the session's agent version and post wherever the session is. */
    public static final Continuation NONE = new Continuation(null, ANYWHERE);

    public Continuation {
        if (afterSeq < ANYWHERE) {
            throw new IllegalArgumentException("afterSeq is a sequence number or ANYWHERE (-1), got " + afterSeq);
        }
    }
}
