package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.agent.OnBusy;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.loop.RetryPolicy;
import dev.cairn.core.loop.RunExecutor;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.EventStream;
import dev.cairn.core.runtime.StreamItem;
import dev.cairn.core.store.Tenant;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.postgres.PostgresStoreOptions;
import dev.cairn.testing.postgres.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two runtimes, each on a {@link PostgresStore} of its own (two nodes) over one fresh database,
 * each with a scripted provider named after it: what one node's runs commit reaches the other
 * node's event streams and waiting callers through the store's change feed, at once rather than
 * at the next poll, and a node never refuses a message on a view of the session another node has
 * moved past.
 */
@Timeout(60)
class TwoNodeRuntimeTest {

    private static final String TENANT = "t1";
    private static final Clock CLOCK = Clock.systemUTC();

    private TestDatabase database;
    private final List<PostgresStore> stores = new ArrayList<>();
    private AgentRuntime nodeA;
    private AgentRuntime nodeB;

    @BeforeEach
    void startTwoNodes() {
        database = TestDatabase.create("two_nodes");
        nodeA = node("node-a");
        nodeB = node("node-b");
        stores.getFirst().tenants().createTenant(new Tenant(TENANT, TENANT, CLOCK.instant()));
        nodeA.applyAgent(TENANT, "name: helper\n", false);
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        stores.forEach(PostgresStore::close);
        database.close();
    }

    @Test
    void aStreamOnOneNodeDeliversEveryEventOfRunsTheOtherNodeExecutesWithoutWaitingForAPoll() throws Exception {
        String session = nodeA.createSession(TENANT, "helper", "u1", null).id();
        List<Event> streamed = new ArrayList<>();
        try (EventStream stream = nodeA.stream(TENANT, session, 0)) {
            for (int i = 0; i < 3; i++) {
                nodeB.postMessage(TENANT, session, "/sleep 20\nturn " + i, OnBusy.ENQUEUE);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (streamed.stream().filter(event -> event.payload() instanceof EventPayload.RunCompleted).count() < 3) {
                assertThat(System.nanoTime()).as("three runs streamed within 4 s: %s", streamed).isLessThan(deadline);
                // A stream with nothing new reads the store again only after this wait: without
                // the change feed, the runs' events would come 10 s late.
                StreamItem item = stream.next(Duration.ofSeconds(10));
                if (item instanceof StreamItem.Stored stored) {
                    streamed.add(stored.event());
                }
            }
        }
        assertThat(streamed).as("the stream through A, against the log").isEqualTo(nodeB.events(TENANT, session, 0, 1000));
        assertThat(streamed.stream().map(Event::payload).filter(EventPayload.ModelResponded.class::isInstance)
                .map(payload -> ((EventPayload.ModelResponded) payload).provider()))
                .as("the node that executed the runs").containsOnly("node-b");
    }

    @Test
    void aCallerWaitingOnOneNodeHearsAtOnceWhenTheOtherNodeEndsTheRun() throws Exception {
        String session = nodeB.createSession(TENANT, "helper", "u1", null).id();
        RunView queued = nodeB.postMessage(TENANT, session, "/sleep 300\nslow", OnBusy.ENQUEUE).run();
        long start = System.nanoTime();
        RunView ended = nodeA.awaitRun(TENANT, queued.id(), Duration.ofSeconds(20));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(ended.state()).isEqualTo(RunState.COMPLETED);
        assertThat(took).as("the wait on A").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aNodeWhoseViewIsBehindDoesNotRejectAMessageOnARunThatEndedElsewhere() throws Exception {
        String session = nodeA.createSession(TENANT, "helper", "u1", null).id();
        RunView first = nodeA.postMessage(TENANT, session, "/sleep 500\nfirst", OnBusy.REJECT).run();
        assertThat(nodeB.state(TENANT, session).runs()).as("the runs B sees while A's is active")
                .extracting(run -> run.state().terminal()).containsExactly(false);
        assertThat(nodeA.awaitRun(TENANT, first.id(), Duration.ofSeconds(20)).state()).isEqualTo(RunState.COMPLETED);
        // B's view of the session is the one from before A's worker ended the run.
        RunView second = nodeB.postMessage(TENANT, session, "second", OnBusy.REJECT).run();
        assertThat(nodeB.awaitRun(TENANT, second.id(), Duration.ofSeconds(20)).state()).isEqualTo(RunState.COMPLETED);
    }

    @Test
    void aStreamKeepsGettingTheOtherNodesEventsAfterTheServerDropsTheFeedsConnection() throws Exception {
        String session = nodeA.createSession(TENANT, "helper", "u1", null).id();
        try (EventStream stream = nodeA.stream(TENANT, session, 0)) {
            assertThat(nextStored(stream).payload()).isInstanceOf(EventPayload.SessionCreated.class);
            assertThat(terminateFeedConnections()).as("feed connections ended by the server").isEqualTo(2);
            nodeB.appendMessages(TENANT, session, List.of("while the feed reconnects"));
            nodeB.appendMessages(TENANT, session, List.of("after"));
            long start = System.nanoTime();
            Event first = nextStored(stream);
            Event second = nextStored(stream);
            assertThat(List.of(first.seq(), second.seq())).containsExactly(2L, 3L);
            // Without the reconnect and resync, the stream would read the store only after its 10 s wait.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static Event nextStored(EventStream stream) throws InterruptedException {
        while (true) {
            StreamItem item = stream.next(Duration.ofSeconds(10));
            assertThat(item).as("an item within 10 s").isNotNull();
            if (item instanceof StreamItem.Stored stored) {
                return stored.event();
            }
        }
    }

    private int terminateFeedConnections() throws Exception {
        try (java.sql.Connection connection = database.connect(); java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                     + "FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'cairn-change-feed'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private AgentRuntime node(String provider) {
        PostgresStore store = PostgresStore.open(PostgresStoreOptions.of(database.jdbcUrl(), TestDatabase.USER, null)
                .withPoolSize(4), CLOCK);
        stores.add(store);
        ScriptedProvider model = ScriptedProvider.create(provider, Sleeper.SYSTEM);
        Router router = Router.of(List.of(model), List.of(new Route("default", List.of(new RouteTarget(provider, "m")),
                16_000, 500)));
        ToolCatalog catalog = ToolCatalog.of(Map.of());
        RunExecutor executor = RunExecutor.create(router, catalog, TokenCounter.o200k(),
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1)), Sleeper.SYSTEM, new SplittableRandom(7), CLOCK);
        AgentRuntime runtime = AgentRuntime.create(store, AgentSpecs.create(router.routeNames(), catalog, schema -> List.of()),
                executor, IdGenerator.random(), CLOCK, new AgentRuntime.Options(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        runtime.recover();
        return runtime;
    }
}
