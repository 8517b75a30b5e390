package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.SessionStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SessionStore} must do: sessions begin their log, and stay inside their tenant. */
public abstract class SessionStoreContract extends StoreContract {

    private SessionStore sessions() {
        return store.sessions();
    }

    @Test
    void createdSessionIsFoundAndItsLogBeginsWithSessionCreated() {
        SessionRecord session = createSession("s1");

        assertThat(sessions().find(TENANT, "s1")).contains(session);
        List<Event> log = store.events().readAll("s1");
        assertThat(log).hasSize(1);
        assertThat(log.getFirst().seq()).isEqualTo(1);
        assertThat(log.getFirst().createdAt()).isEqualTo(clock.instant());
        assertThat(log.getFirst().payload()).isEqualTo(new EventPayload.SessionCreated(
                session.agent(), session.agentVersion(), session.userId(), session.metadata()));
    }

    @Test
    void creatingASessionTwiceFailsAndKeepsTheFirst() {
        SessionRecord first = createSession("s1");

        assertThatThrownBy(() -> createSession(OTHER_TENANT, "s1", "other"))
                .isInstanceOf(ConflictException.class);

        assertThat(sessions().find(TENANT, "s1")).contains(first);
        assertThat(sessions().find(OTHER_TENANT, "s1")).isEmpty();
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void sessionWithoutMetadataOrUserRoundTrips() {
        SessionRecord bare = new SessionRecord("s1", TENANT, "helper", 3, null, null, clock.instant());
        sessions().create(bare);

        assertThat(sessions().find(TENANT, "s1")).contains(bare);
    }

    @Test
    void aSessionIsNotFoundWithAnotherTenantsId() {
        createSession("s1");

        assertThat(sessions().find(OTHER_TENANT, "s1")).isEmpty();
        assertThat(sessions().list(OTHER_TENANT, null, 10)).isEmpty();
    }

    @Test
    void listShowsTheTenantsSessionsNewestFirstByAgentAndLimit() {
        createSession(TENANT, "s1", "helper");
        clock.advance(Duration.ofSeconds(1));
        createSession(TENANT, "s2", "coder");
        clock.advance(Duration.ofSeconds(1));
        createSession(TENANT, "s3", "helper");
        createSession(TENANT, "s4", "helper");
        createSession(OTHER_TENANT, "s5", "helper");

        assertThat(sessions().list(TENANT, null, 10)).extracting(SessionRecord::id)
                .containsExactly("s4", "s3", "s2", "s1");
        assertThat(sessions().list(TENANT, "helper", 10)).extracting(SessionRecord::id)
                .containsExactly("s4", "s3", "s1");
        assertThat(sessions().list(TENANT, null, 2)).extracting(SessionRecord::id).containsExactly("s4", "s3");
    }

    @Test
    void sessionsSurviveReopen() {
        SessionRecord session = createSession("s1");

        reopenStore();

        assertThat(sessions().find(TENANT, "s1")).contains(session);
    }
}
