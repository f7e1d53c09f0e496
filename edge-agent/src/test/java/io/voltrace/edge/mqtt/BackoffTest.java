package io.voltrace.edge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60), new Random(1));
        long ceiling = 500;
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            long d = b.next().toMillis();
            assertThat(d).as("attempt %d", i).isBetween(ceiling / 2, ceiling);
            delays.add(d);
            ceiling = Math.min(ceiling * 2, 60_000);
        }
        assertThat(delays).as("jittered, not lock-step").hasSizeGreaterThan(15);
        b.reset();
        assertThat(b.next().toMillis()).isBetween(250L, 500L);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesReasonCodes() {
        assertThat(ReasonCodes.describe(0x87)).isEqualTo("0x87 not authorized");
        assertThat(ReasonCodes.isFailure(0x10)).isFalse();
        assertThat(ReasonCodes.isFailure(0x87)).isTrue();
    }
}
