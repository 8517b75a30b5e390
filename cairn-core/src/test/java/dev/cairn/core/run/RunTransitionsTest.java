package dev.cairn.core.run;

import static dev.cairn.core.run.RunState.AWAITING_APPROVAL;
import static dev.cairn.core.run.RunState.AWAITING_CLIENT_TOOL;
import static dev.cairn.core.run.RunState.CANCELLED;
import static dev.cairn.core.run.RunState.COMPLETED;
import static dev.cairn.core.run.RunState.EXPIRED;
import static dev.cairn.core.run.RunState.FAILED;
import static dev.cairn.core.run.RunState.QUEUED;
import static dev.cairn.core.run.RunState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunTransitionsTest {

    /** The whole table, written out independently of the implementation. */
    private static final Map<RunState, Set<RunState>> EXPECTED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED, EXPIRED),
            RUNNING, EnumSet.of(AWAITING_APPROVAL, AWAITING_CLIENT_TOOL, COMPLETED, FAILED, CANCELLED, EXPIRED),
            AWAITING_APPROVAL, EnumSet.of(RUNNING, FAILED, CANCELLED, EXPIRED),
            AWAITING_CLIENT_TOOL, EnumSet.of(RUNNING, FAILED, CANCELLED, EXPIRED),
            COMPLETED, EnumSet.noneOf(RunState.class),
            FAILED, EnumSet.noneOf(RunState.class),
            CANCELLED, EnumSet.noneOf(RunState.class),
            EXPIRED, EnumSet.noneOf(RunState.class));

    @Test
    void everyPairOfStatesIsAllowedExactlyAsTheTableSays() {
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                assertThat(RunTransitions.allowed(from, to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @Test
    void terminalStatesAreExactlyThoseWithNoWayOut() {
        for (RunState state : RunState.values()) {
            assertThat(state.terminal()).as(state.name()).isEqualTo(RunTransitions.next(state).isEmpty());
        }
    }

    @Test
    void aForbiddenMoveNamesTheRunAndBothStates() {
        assertThatThrownBy(() -> RunTransitions.check("run_7", COMPLETED, RUNNING))
                .isInstanceOf(IllegalRunTransitionException.class)
                .hasMessageContaining("run_7").hasMessageContaining("completed").hasMessageContaining("running");
    }

    @Test
    void wireNamesRoundTrip() {
        for (RunState state : RunState.values()) {
            assertThat(RunState.parse(state.wireName())).isEqualTo(state);
        }
        assertThat(AWAITING_CLIENT_TOOL.wireName()).isEqualTo("awaiting_client_tool");
    }
}
