package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.Message;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.PostedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several user messages posted at once, and messages appended without a run. */
class PostMessagesTest {

    private static final String AGENT = """
            name: plain
            instructions: Help.
            """;

    @TempDir
    Path folder;

    @Test
    void messagesAppendedWithoutARunAreReadByTheNextRun() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent(AGENT);
            String session = fixture.session("plain");
            List<Event> appended = fixture.runtime.appendMessages(RuntimeFixture.TENANT, session, List.of("one", "two"));
            assertThat(appended).extracting(Event::type).containsExactly("message.user", "message.user");
            assertThat(fixture.runtime.runs(RuntimeFixture.TENANT, session, null, 10)).isEmpty();

            PostedMessage posted = fixture.runtime.postMessages(RuntimeFixture.TENANT, session, List.of("three", "four"),
                    null);
            assertThat(((EventPayload.UserMessage) posted.message().payload()).content()).isEqualTo("four");
            RunView run = fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), Duration.ofSeconds(20));
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).isEqualTo("echo: four");
            assertThat(fixture.runtime.runs(RuntimeFixture.TENANT, session, null, 10)).hasSize(1);
            assertThat(fixture.runtime.state(RuntimeFixture.TENANT, session).transcript().stream()
                    .map(entry -> entry.message()).filter(message -> message instanceof Message.User)
                    .map(message -> ((Message.User) message).text()))
                    .containsExactly("one", "two", "three", "four");
        }
    }

    @Test
    void aBadMessageAmongSeveralStoresNone() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent(AGENT);
            String session = fixture.session("plain");
            long before = fixture.store.events().lastSeq(session);
            assertThatThrownBy(() -> fixture.runtime.postMessages(RuntimeFixture.TENANT, session, List.of("fine", " "), null))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> fixture.runtime.appendMessages(RuntimeFixture.TENANT, session, List.of()))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(fixture.store.events().lastSeq(session)).isEqualTo(before);
        }
    }
}
