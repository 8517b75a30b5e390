package dev.cairn.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresStoreOptionsTest {

    @Test
    void everySpellingOfAStoreUrlBecomesOneJdbcUrl() {
        PostgresStoreOptions short_ = PostgresStoreOptions.parse(
                "postgres://cairn:s3cret@db.example:6432/cairn?sslmode=require&pool-size=20&connect-timeout=2s");
        assertThat(short_.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/cairn?sslmode=require");
        assertThat(short_.user()).isEqualTo("cairn");
        assertThat(short_.password()).isEqualTo("s3cret");
        assertThat(short_.poolSize()).isEqualTo(20);
        assertThat(short_.connectTimeout()).isEqualTo(Duration.ofSeconds(2));

        PostgresStoreOptions long_ = PostgresStoreOptions.parse("postgresql://cairn@db.example/cairn");
        assertThat(long_.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/cairn");
        assertThat(long_.password()).isNull();

        PostgresStoreOptions jdbc = PostgresStoreOptions.parse("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=x&user=bob");
        assertThat(jdbc.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=x");
        assertThat(jdbc.user()).isEqualTo("bob");
        assertThat(jdbc.hostAndPort()).isEqualTo("127.0.0.1:5432");
        assertThat(jdbc.database()).isEqualTo("test");
    }

    @Test
    void badUrlsAreRefusedByNameAndNeverShowThePassword() {
        assertThatThrownBy(() -> PostgresStoreOptions.parse("mysql://u:hunter2@h/db"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a PostgreSQL URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresStoreOptions.parse("postgres://u:hunter2@/db"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no host").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresStoreOptions.parse("postgres://u:hunter2@h:5432"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no database").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresStoreOptions.parse("postgres://h/db?pool-size=many"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pool-size");
        assertThatThrownBy(() -> PostgresStoreOptions.parse("postgres://h/db?pool-size=0"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pool-size");
        assertThatThrownBy(() -> PostgresStoreOptions.parse("postgres://h/db?connect-timeout=soon"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("connect-timeout 'soon'");
        assertThat(PostgresStoreOptions.parse("postgres://u:hunter2@h/db").toString()).doesNotContain("hunter2");
        assertThat(PostgresStoreOptions.redacted("jdbc:postgresql://h/db?password=hunter2&x=1")).doesNotContain("hunter2");
    }

    @Test
    void anUnreachableDatabaseIsNamedByHostAndPortWithoutThePassword() {
        // nothing listens on port 1
        PostgresStoreOptions options = PostgresStoreOptions.parse("postgres://cairn:hunter2@127.0.0.1:1/cairn")
                .withConnectTimeout(Duration.ofMillis(500));

        assertThatThrownBy(() -> PostgresStore.open(options, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("127.0.0.1:1").hasMessageContaining("'cairn'")
                .hasMessageNotContaining("hunter2");
    }
}
