package dev.cairn.models.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void prefersOpenAisMilliseconds() {
        assertThat(millis(Map.of("retry-after-ms", "250.5", "retry-after", "3"))).isEqualTo(251);
    }

    @Test
    void readsSecondsAndDates() {
        assertThat(millis(Map.of("retry-after", "3"))).isEqualTo(3_000);
        assertThat(millis(Map.of("retry-after", "0.25"))).isEqualTo(250);
        assertThat(millis(Map.of("retry-after", "Fri, 01 May 2026 12:01:00 GMT"))).isEqualTo(60_000);
    }

    @Test
    void treatsThePastNonsenseAndAbsenceAsNotSaid() {
        assertThat(millis(Map.of("retry-after", "Fri, 01 May 2026 11:00:00 GMT"))).isZero();
        assertThat(millis(Map.of("retry-after", "soon", "retry-after-ms", "-5"))).isZero();
        assertThat(millis(Map.of())).isZero();
    }

    @Test
    void capsTheWaitAtAnHour() {
        assertThat(millis(Map.of("retry-after", "86400"))).isEqualTo(3_600_000);
    }

    private static long millis(Map<String, String> headers) {
        return RetryAfter.millis(name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of(), NOON);
    }
}
