package io.voltrace.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullRateEvidenceTest {
    static final long T0 = 1_700_000_000_000L;
    /** 1 mΩ per cell, 96 cells. */
    static final double CELL_OHMS = 0.001;
    final List<HealthEvidence> out = new ArrayList<>();
    final List<Boolean> events = new ArrayList<>();
    final FullRateEvidence fullRate = new FullRateEvidence("veh-1", "BAT",
            new HealthSettings.Pack(Chemistry.NMC, 60, 96), (e, event) -> {
                out.add(e);
                events.add(event);
            }, 300_000);

    /** A 100 ms BMS cycle: current alternating between 0 and -60 A every 10 s, voltage answering through 1 mΩ. */
    void drive(long fromMs, long toMs, double cellMax, double tempMax) {
        for (long t = fromMs; t < toMs; t += 100) {
            double amps = (t / 10_000) % 2 == 0 ? 0 : -60;
            double cell = 3.8 + amps * CELL_OHMS;
            fullRate.reading(T0 + t, amps, cell * 96, 20, tempMax, cell - 0.01, cellMax);
        }
    }

    @Test
    void stepsGiveTheOhmicResistanceAtMostOncePerInterval() {
        drive(0, 1_200_000, 3.85, 25); // 20 minutes, a step every 10 s
        List<HealthEvidence> steps = out.stream().filter(e -> e.type() == HealthEvidence.Type.CURRENT_STEP).toList();
        assertThat(steps).hasSize(4); // at 0+, 5, 10 and 15 minutes
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.ohms()).isCloseTo(CELL_OHMS, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.seconds()).isEqualTo(0.1);
            assertThat(Math.abs(s.toAmps() - s.fromAmps())).isEqualTo(60.0);
        });
        assertThat(steps.get(1).ts() - steps.get(0).ts()).isGreaterThanOrEqualTo(300_000);
        assertThat(fullRate.steps()).isEqualTo(4);
        assertThat(events).containsOnly(false);
    }

    @Test
    void aShortOverVoltageIsANegativeEventWhenItEnds() {
        drive(0, 60_000, 3.85, 25);
        drive(60_000, 60_300, 4.30, 25); // 300 ms above 4.25 V: no one-second sample need catch it
        drive(60_300, 120_000, 3.85, 25);
        List<HealthEvidence> negative = out.stream()
                .filter(e -> e.type() == HealthEvidence.Type.NEGATIVE_EVENT).toList();
        assertThat(negative).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("OVER_VOLTAGE");
            assertThat(e.ts()).isEqualTo(T0 + 60_000);
            assertThat(e.endTs()).isEqualTo(T0 + 60_300);
            assertThat(e.extreme()).isEqualTo(4.30);
        });
        assertThat(fullRate.events()).isEqualTo(1);
    }

    @Test
    void anEventOpenAtTheEndIsSentOnFinish() {
        drive(0, 30_000, 3.85, 25);
        drive(30_000, 40_000, 3.85, 60); // above 55 °C
        assertThat(out).noneMatch(e -> e.type() == HealthEvidence.Type.NEGATIVE_EVENT);
        fullRate.finish();
        assertThat(out).filteredOn(e -> e.type() == HealthEvidence.Type.NEGATIVE_EVENT)
                .singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("EXTREME_TEMPERATURE"));
    }
}
