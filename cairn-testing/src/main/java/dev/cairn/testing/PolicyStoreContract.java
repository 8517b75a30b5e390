package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.PolicyVersion;
import dev.cairn.core.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PolicyStore} must do: gapless versions from 1, an unchanged document kept as
 * the latest version, the hash of what is stored, and versions seen by every handle on the store.
 */
public abstract class PolicyStoreContract extends StoreContract {

    private static final String FIRST = "{\"default\":\"allow\",\"rules\":[]}";
    private static final String SECOND = "{\"default\":\"deny\",\"rules\":[]}";

    private PolicyStore policies() {
        return store.policies();
    }

    @Test
    void anEmptyStoreHasNoVersion() {
        assertThat(policies().latest()).isEmpty();
        assertThat(policies().latestVersion()).isZero();
        assertThat(policies().versions()).isEmpty();
        assertThat(policies().version(1)).isEmpty();
    }

    @Test
    void versionsStartAtOneAndGrowWithoutGaps() {
        PolicyStore.Written first = policies().put(FIRST, "config:/etc/cairn.yaml");
        clock.advance(Duration.ofSeconds(1));
        PolicyStore.Written second = policies().put(SECOND, "api:key_1");

        assertThat(first.created()).isTrue();
        assertThat(first.version().version()).isEqualTo(1);
        assertThat(first.version().createdAt()).isEqualTo(START);
        assertThat(first.version().source()).isEqualTo("config:/etc/cairn.yaml");
        assertThat(first.version().document()).isEqualTo(FIRST);
        assertThat(second.version().version()).isEqualTo(2);
        assertThat(second.version().createdAt()).isEqualTo(clock.instant());
        assertThat(policies().versions()).containsExactly(first.version(), second.version());
        assertThat(policies().latest()).contains(second.version());
        assertThat(policies().latestVersion()).isEqualTo(2);
        assertThat(policies().version(1)).contains(first.version());
        assertThat(policies().version(3)).isEmpty();
    }

    @Test
    void theHashIsTheSha256OfTheStoredDocument() {
        PolicyVersion stored = policies().put(FIRST, "config").version();

        // sha256sum of the document's bytes, worked out apart from the code under test
        assertThat(stored.sha256()).isEqualTo("5ecac5407c3aefb658f4f734d7f787302004848dcab8e28a22b947a859499c20");
        assertThat(stored.sha256()).isNotEqualTo(PolicyVersion.sha256Of(SECOND));
    }

    @Test
    void anUnchangedDocumentKeepsTheLatestVersion() {
        PolicyVersion first = policies().put(FIRST, "config").version();
        clock.advance(Duration.ofSeconds(1));

        PolicyStore.Written again = policies().put(FIRST, "config");

        assertThat(again.created()).isFalse();
        assertThat(again.version()).isEqualTo(first);
        assertThat(policies().versions()).containsExactly(first);
    }

    @Test
    void goingBackToAnEarlierDocumentIsANewVersion() {
        policies().put(FIRST, "config");
        policies().put(SECOND, "config");

        PolicyStore.Written back = policies().put(FIRST, "config");

        assertThat(back.created()).isTrue();
        assertThat(back.version().version()).isEqualTo(3);
        assertThat(back.version().sha256()).isEqualTo(policies().version(1).orElseThrow().sha256());
    }

    @Test
    void aSecondHandleOnTheStoreSeesEveryVersion() {
        Store other = openStore(clock);
        try {
            policies().put(FIRST, "config");
            assertThat(other.policies().latestVersion()).isEqualTo(1);

            PolicyStore.Written fromOther = other.policies().put(SECOND, "api:key_1");

            assertThat(fromOther.version().version()).isEqualTo(2);
            assertThat(policies().latestVersion()).isEqualTo(2);
            assertThat(policies().latest()).contains(fromOther.version());
        } finally {
            other.close();
        }
    }

    @Test
    void concurrentPutsOfOneDocumentMakeOneVersion() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<PolicyStore.Written>> puts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                puts.add(() -> policies().put(FIRST, "config"));
            }
            List<Future<PolicyStore.Written>> written = threads.invokeAll(puts);

            long created = 0;
            for (Future<PolicyStore.Written> put : written) {
                created += put.get().created() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(policies().versions()).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void versionsSurviveReopen() {
        PolicyVersion stored = policies().put(FIRST, "config").version();

        reopenStore();

        assertThat(policies().versions()).containsExactly(stored);
    }

    @Test
    void aNullDocumentIsRefused() {
        assertThatThrownBy(() -> policies().put(null, "config")).isInstanceOf(NullPointerException.class);
        assertThat(policies().versions()).isEmpty();
    }
}
