package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with large tool outputs: keep a short form in the log, store the whole
 * output once by hash in the same append, show it only to the tenant whose sessions refer to it,
 * and let it go with the last session that does.
 */
public abstract class BlobStoreContract extends StoreContract {

    /** 100 KiB of text, different for each {@code seed}. */
    protected static String largeOutput(String seed) {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < 100 * 1024; line++) {
            text.append(seed).append(" line ").append(line).append('\n');
        }
        return text.substring(0, 100 * 1024);
    }

    protected static NewEvent toolCompleted(String callId, String output) {
        return NewEvent.ofRun("run_1", new EventPayload.ToolCompleted(callId, "fetch", output, 12));
    }

    private BlobStore blobs() {
        return store.blobs();
    }

    @Test
    void aLargeOutputIsStoredShortInTheLogAndWholeAsABlob() {
        createSession("s1");
        String output = largeOutput("alpha");

        Event stored = store.events().appendAndWait("s1", 1, List.of(toolCompleted("c1", output))).getFirst();

        EventPayload.ToolCompleted completed = (EventPayload.ToolCompleted) stored.payload();
        String hash = LargeOutputs.sha256(output.getBytes(StandardCharsets.UTF_8));
        assertThat(completed.outputRef()).isEqualTo(hash);
        assertThat(completed.outputBytes()).isEqualTo(100 * 1024);
        assertThat(completed.output()).startsWith(output.substring(0, 4096)).contains("read_output");
        assertThat(store.events().readAll("s1").getLast()).isEqualTo(stored);
        assertThat(blobs().size(TENANT, hash)).contains(100L * 1024);
        assertThat(blobs().read(TENANT, hash, 0, Integer.MAX_VALUE)).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(output));
        assertThat(blobs().read(TENANT, hash, 4096, 10)).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(output.substring(4096, 4106)));
        assertThat(blobs().read(TENANT, hash, 200_000, 10)).hasValueSatisfying(bytes -> assertThat(bytes).isEmpty());
    }

    @Test
    void aSmallOutputStaysWholeInTheLog() {
        createSession("s1");

        Event stored = store.events().appendAndWait("s1", 1, List.of(toolCompleted("c1", "short"))).getFirst();

        assertThat(stored.payload()).isEqualTo(new EventPayload.ToolCompleted("c1", "fetch", "short", 12));
    }

    @Test
    void theSameOutputTwiceRefersToOneBlob() {
        createSession("s1");
        createSession("s2");
        String output = largeOutput("same");

        Event first = store.events().appendAndWait("s1", 1, List.of(toolCompleted("c1", output))).getFirst();
        Event second = store.events().appendAndWait("s2", 1, List.of(toolCompleted("c2", output))).getFirst();

        String hash = ((EventPayload.ToolCompleted) first.payload()).outputRef();
        assertThat(((EventPayload.ToolCompleted) second.payload()).outputRef()).isEqualTo(hash);
        assertThat(blobs().size(TENANT, hash)).contains(100L * 1024);
    }

    @Test
    void anotherTenantDoesNotSeeTheBlob() {
        createSession("s1");
        createSession(OTHER_TENANT, "theirs", "helper");
        String output = largeOutput("secret");
        Event stored = store.events().appendAndWait("s1", 1, List.of(toolCompleted("c1", output))).getFirst();
        String hash = ((EventPayload.ToolCompleted) stored.payload()).outputRef();

        assertThat(blobs().size(OTHER_TENANT, hash)).isEmpty();
        assertThat(blobs().read(OTHER_TENANT, hash, 0, 100)).isEmpty();
        assertThat(blobs().size(TENANT, "0".repeat(64))).isEmpty();
    }

    @Test
    void anAppendCannotHandInAReferenceOfItsOwn() {
        createSession("s1");
        createSession(OTHER_TENANT, "theirs", "helper");
        Event theirs = store.events().appendAndWait("theirs", 1, List.of(toolCompleted("c1", largeOutput("x")))).getFirst();
        EventPayload.ToolCompleted stolen = (EventPayload.ToolCompleted) theirs.payload();

        assertThatThrownBy(() -> store.events().appendAndWait("s1", 1, List.of(NewEvent.ofRun("run_1", stolen))))
                .isInstanceOf(InvalidRequestException.class);

        assertThat(blobs().size(TENANT, stolen.outputRef())).isEmpty();
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void aForkReadsItsParentsBlobs() {
        createSession("s1");
        Event stored = store.events().appendAndWait("s1", 1, List.of(toolCompleted("c1", largeOutput("shared")))).getFirst();
        fork("s1", 2, "f1");

        assertThat(store.events().read("f1", 1, 1).getFirst().payload()).isEqualTo(stored.payload());
        assertThat(blobs().size(TENANT, ((EventPayload.ToolCompleted) stored.payload()).outputRef())).isPresent();
    }

    @Test
    void aBlobIsDeletedWithTheLastSessionThatRefersToIt() {
        createSession("s1");
        createSession("s2");
        String shared = largeOutput("shared");
        String own = largeOutput("own");
        store.events().appendAndWait("s1", 1, List.of(toolCompleted("c1", shared), toolCompleted("c2", own)));
        store.events().appendAndWait("s2", 1, List.of(toolCompleted("c3", shared)));
        String sharedHash = LargeOutputs.sha256(shared.getBytes(StandardCharsets.UTF_8));
        String ownHash = LargeOutputs.sha256(own.getBytes(StandardCharsets.UTF_8));

        store.sessions().delete(TENANT, "s1", 3);

        assertThat(blobs().size(TENANT, ownHash)).isEmpty();
        assertThat(blobs().size(TENANT, sharedHash)).isPresent();
        store.sessions().delete(TENANT, "s2", 2);
        assertThat(blobs().size(TENANT, sharedHash)).isEmpty();
    }

    @Test
    void aRestoredSessionBringsItsBlobs() {
        byte[] content = largeOutput("restored").getBytes(StandardCharsets.UTF_8);
        LargeOutputs.Blob blob = LargeOutputs.Blob.of(content);
        EventPayload.ToolCompleted compacted = (EventPayload.ToolCompleted) LargeOutputs.compact(
                new EventPayload.ToolCompleted("c1", "fetch", new String(content, StandardCharsets.UTF_8), 3)).payload();
        dev.cairn.core.store.SessionRecord session = new dev.cairn.core.store.SessionRecord("r1", TENANT, "helper", 1,
                null, null, START);
        List<Event> events = List.of(
                new Event("r1", 1, null, START, new EventPayload.SessionCreated("helper", 1, null, null)),
                new Event("r1", 2, "run_1", START, compacted));

        assertThatThrownBy(() -> store.sessions().restore(session, events,
                List.of(new LargeOutputs.Blob(blob.sha256(), "forged".getBytes(StandardCharsets.UTF_8)))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(blobs().size(TENANT, blob.sha256())).isEmpty();

        store.sessions().restore(session, events, List.of(blob));

        assertThat(blobs().read(TENANT, blob.sha256(), 0, content.length)).hasValueSatisfying(bytes ->
                assertThat(bytes).isEqualTo(content));
    }
}
