package io.voltrace.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.HealthEvidence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BmsHealthWatchTest {
    static final String CODE = "VTRPE96DEMO001T5C0000001";
    static final long HOUR = 3_600_000L;

    final List<HealthEvidence> sent = new ArrayList<>();
    final BmsHealthWatch watch = new BmsHealthWatch("dev", CODE, Duration.ofHours(1), (e, event) -> {
        assertThat(event).as("a statement is evidence, not a safety event").isFalse();
        sent.add(e);
    });

    @Test
    void sendsTheFirstStatementThenOnlyChangesAtMostHourlyAndADailyRestatement() {
        watch.statement(0, 92.0, 166.4);
        watch.statement(10 * 60_000L, 92.0, 166.4);           // the same again: not sent
        watch.statement(30 * 60_000L, 91.9, 166.4);           // changed, but within the hour: not yet
        watch.statement(HOUR + 1, 91.9, 166.4);               // changed since the last sent, an hour on: sent
        watch.statement(2 * HOUR, 91.9, 166.4);               // unchanged
        watch.statement(HOUR + 1 + 24 * HOUR, 91.9, 166.4);   // a day after the last sent: restated
        assertThat(sent).extracting(HealthEvidence::ts).containsExactly(0L, HOUR + 1, HOUR + 1 + 24 * HOUR);
        assertThat(sent).extracting(HealthEvidence::soh).containsExactly(92.0, 91.9, 91.9);
        assertThat(sent).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(HealthEvidence.Type.BMS_HEALTH);
            assertThat(e.capacityAh()).isEqualTo(166.4);
            assertThat(e.battery()).isEqualTo(CODE);
        });
        assertThat(watch.reports()).isEqualTo(3);
    }

    @Test
    void aMissingFigureIsLeftOutAndNothingIsSentWithoutEither() {
        watch.statement(0, Double.NaN, Double.NaN);
        watch.statement(1, -5, 0);                   // neither usable
        assertThat(sent).isEmpty();
        watch.statement(2, 110.0, Double.NaN);       // a BMS reading above 100 % is its statement: kept as said
        assertThat(sent).singleElement().satisfies(e -> {
            assertThat(e.soh()).isEqualTo(110.0);
            assertThat(e.capacityAh()).isNull();
        });
    }

    @Test
    void aReplayStartingOverSendsAgain() {
        watch.statement(10 * HOUR, 90.0, Double.NaN);
        watch.statement(HOUR, 90.0, Double.NaN);
        assertThat(sent).extracting(HealthEvidence::ts).containsExactly(10 * HOUR, HOUR);
    }
}
