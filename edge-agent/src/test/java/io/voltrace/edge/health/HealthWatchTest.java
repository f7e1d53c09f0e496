package io.voltrace.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.HealthEvidence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthWatchTest {
    private static final long T0 = 1_700_000_000_000L;
    private final List<HealthEvidence> out = new ArrayList<>();
    private final List<Boolean> events = new ArrayList<>();
    private final HealthWatch watch = new HealthWatch("veh-1", "BAT", List.of("over_voltage", "isolation_fault"),
            new HealthSettings(Duration.ofMinutes(10), 500, null, Duration.ofMinutes(5)), (e, event) -> {
                out.add(e);
                events.add(event);
            });

    @Test
    void insulationAtMostOncePerIntervalWhileHealthy() {
        long updates = 0;
        for (int minute = 0; minute <= 30; minute++) {
            watch.observe(T0 + minute * 60_000L, ++updates, 2500, 350, 0);
        }
        assertThat(out).extracting(HealthEvidence::ts)
                .containsExactly(T0, T0 + 600_000, T0 + 1_200_000, T0 + 1_800_000);
        assertThat(out.get(0)).isEqualTo(HealthEvidence.insulation("veh-1", "BAT", T0, 2500.0, 350.0));
        assertThat(events).containsOnly(false);
    }

    @Test
    void noNewReadingNoRecord() {
        watch.observe(T0, 1, 2500, 350, 0);
        watch.observe(T0 + 3_600_000, 1, 2500, 350, 0);
        assertThat(out).hasSize(1);
    }

    @Test
    void aFallBelowTheWarningIsReportedAtOnceAndOnlyOnceUntilRecovered() {
        watch.observe(T0, 1, 2500, 350, 0);
        watch.observe(T0 + 1000, 2, 150, 350, 0);    // 429 Ω/V < 500: at once
        watch.observe(T0 + 2000, 3, 140, 350, 0);    // still low: waits for the interval
        watch.observe(T0 + 3000, 4, 2500, 350, 0);   // recovered (re-armed), not due
        watch.observe(T0 + 4000, 5, 30, 350, 0);     // falls again: at once
        assertThat(out).extracting(HealthEvidence::insulationKohm).containsExactly(2500.0, 150.0, 30.0);
        assertThat(watch.insulationWarnings()).isEqualTo(2);
    }

    @Test
    void unknownVoltageStillReportsOnTheIntervalWithoutVoltage() {
        watch.observe(T0, 1, 10, Double.NaN, 0);
        watch.observe(T0 + 1000, 2, 5, Double.NaN, 0);
        assertThat(out).singleElement().satisfies(e -> assertThat(e.packVoltage()).isNull());
    }

    @Test
    void faultsRaiseAndClearAsEvents() {
        watch.observe(T0, 0, Double.NaN, 350, 0b10);
        watch.observe(T0 + 1000, 0, Double.NaN, 350, 0b10);
        watch.observe(T0 + 2000, 0, Double.NaN, 350, 0b01);
        assertThat(out).containsExactly(
                HealthEvidence.fault("veh-1", "BAT", T0, "isolation_fault", true),
                HealthEvidence.fault("veh-1", "BAT", T0 + 2000, "over_voltage", true),
                HealthEvidence.fault("veh-1", "BAT", T0 + 2000, "isolation_fault", false));
        assertThat(events).containsOnly(true);
        assertThat(watch.faultEvents()).isEqualTo(3);
    }
}
