package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginGuardTest {
    final AtomicLong now = new AtomicLong();
    final LoginGuard guard = new LoginGuard(3, 0.5, now::get);

    @Test
    void aSourceThatKeepsFailingIsRefusedUntilItsBudgetRefills() {
        for (int i = 0; i < 3; i++) {
            assertThat(guard.tryBegin("10.0.0.1")).isTrue(); // and fails
        }
        assertThat(guard.tryBegin("10.0.0.1")).isFalse();
        assertThat(guard.tryBegin("10.0.0.2")).as("another address is not affected").isTrue();
        now.addAndGet(1_000_000_000L);
        assertThat(guard.tryBegin("10.0.0.1")).as("half a unit after 1 s").isFalse();
        now.addAndGet(1_000_000_000L);
        assertThat(guard.tryBegin("10.0.0.1")).as("one unit after 2 s").isTrue();
        assertThat(guard.tryBegin("10.0.0.1")).isFalse();
    }

    @Test
    void goodLoginsGiveTheirUnitBack() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(guard.tryBegin("10.0.0.1")).isTrue();
            guard.succeeded("10.0.0.1");
        }
    }

    @Test
    void loginsBeingCheckedHoldTheBudget() {
        assertThat(guard.tryBegin("10.0.0.1")).isTrue();
        assertThat(guard.tryBegin("10.0.0.1")).isTrue();
        assertThat(guard.tryBegin("10.0.0.1")).isTrue();
        assertThat(guard.tryBegin("10.0.0.1")).as("three checks in flight already").isFalse();
        guard.succeeded("10.0.0.1");
        assertThat(guard.tryBegin("10.0.0.1")).isTrue();
    }

    @Test
    void theTableOfSourcesStaysBounded() {
        for (int i = 0; i < LoginGuard.MAX_SOURCES + 10; i++) {
            guard.tryBegin("src-" + i);
            guard.succeeded("src-" + i);
        }
        assertThat(guard.trackedSources()).isLessThanOrEqualTo(LoginGuard.MAX_SOURCES);
    }
}
