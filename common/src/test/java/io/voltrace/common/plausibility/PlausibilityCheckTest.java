package io.voltrace.common.plausibility;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlausibilityCheckTest {

    private static final double NAN = Double.NaN;

    private static PackSample sample(long ts, double v, double i, double soc, double cellAvg) {
        return new PackSample(ts, v, i, soc, 0, 0, NAN, NAN, cellAvg, NAN, NAN);
    }

    @Test
    void theKonaCCanReadingIsImplausibleAndThePCanOneIsNot() {
        // Hyundai Kona 64 kWh: 98 cells, 180 Ah. On C-CAN, 0x595 decodes (with the P-CAN DBC) as 0 V and -355 A.
        PlausibilityCheck c = new PlausibilityCheck(PackLimits.of(98, 180));
        assertThat(c.check(sample(0, 355.2, -3.4, 58, NAN))).isEmpty();
        List<String> bus1 = new PlausibilityCheck(PackLimits.of(98, 180)).check(sample(0, 0, -355, 58, NAN));
        assertThat(bus1).hasSize(1);
        assertThat(bus1.get(0)).startsWith("zero_volts_with_current: pack reads 0.0 V while -355.0 A flow");
        assertThat(PlausibilityCheck.rule(bus1.get(0))).isEqualTo("zero_volts_with_current");
    }

    @Test
    void packVoltageAgainstCellsTimesMeanCellVoltage() {
        PlausibilityCheck c = new PlausibilityCheck(PackLimits.of(96, 60));
        assertThat(c.check(sample(0, 355, 0, 50, 3.70))).isEmpty(); // 96 × 3.70 = 355.2
        assertThat(c.check(sample(1000, 300, 0, 50, 3.70))).singleElement().asString()
                .startsWith("pack_voltage_vs_cells: pack reads 300.0 V but 96 cells × mean 3.700 V = 355.2 V");
        // No cells read: the window 96 × 2.0..4.5 V.
        assertThat(new PlausibilityCheck(PackLimits.of(96, 60)).check(sample(0, 600, 0, 50, NAN)))
                .singleElement().asString().contains("outside 96 cells × 2.00..4.50 V = 192..432 V");
        // Nothing known about the pack: only the absolute rules.
        assertThat(new PlausibilityCheck(PackLimits.of(0, 0)).check(sample(0, 600, 900, 50, NAN))).isEmpty();
    }

    @Test
    void currentBeyondThePacksLimits() {
        assertThat(new PlausibilityCheck(PackLimits.of(96, 60)).check(sample(0, 355, -700, 50, NAN)))
                .singleElement().asString().startsWith("current_beyond_limits: -700.0 A, beyond 10 C of 60.0 Ah");
    }

    @Test
    void socJumpsBeyondWhatTheChargeAllows() {
        PlausibilityCheck c = new PlausibilityCheck(PackLimits.of(96, 60));
        assertThat(c.check(sample(0, 355, -60, 80, NAN))).isEmpty();
        // 60 A for 60 s on 60 Ah moves 1.7 points: 4 points is within the slack.
        assertThat(c.check(sample(60_000, 355, -60, 76, NAN))).isEmpty();
        assertThat(c.check(sample(61_000, 355, -60, 20, NAN))).singleElement().asString()
                .isEqualTo("soc_jump: SOC went from 76.0 % to 20.0 % in 1 s");
        // A fast charge moves SOC fast, and that is plausible: 150 A for 10 min on 60 Ah = 42 points.
        PlausibilityCheck charge = new PlausibilityCheck(PackLimits.of(96, 60));
        charge.check(sample(0, 380, 150, 20, NAN));
        assertThat(charge.check(sample(600_000, 390, 150, 60, NAN))).isEmpty();
    }

    @Test
    void aSignalFrozenWhileCurrentFlowsIsStale() {
        PlausibilityCheck c = new PlausibilityCheck(PackLimits.of(96, 60));
        for (int s = 0; s <= 120; s += 10) {
            assertThat(c.check(sample(s * 1000L, 355.0, -40, 50, NAN))).as("second " + s).isEmpty();
        }
        assertThat(c.check(sample(130_000, 355.0, -40, 50, NAN))).singleElement().asString()
                .startsWith("stale_signal: pack voltage and current frozen at 355.00 V, -40.00 A for 130 s");
        // Constant current (CC charge) with the voltage rising, constant voltage (CV) with the current falling: fine.
        PlausibilityCheck cc = new PlausibilityCheck(PackLimits.of(96, 60));
        PlausibilityCheck cv = new PlausibilityCheck(PackLimits.of(96, 60));
        for (int s = 0; s <= 600; s += 10) {
            assertThat(cc.check(sample(s * 1000L, 380 + s / 100.0, 30, 50 + s / 60.0, NAN))).isEmpty();
            assertThat(cv.check(sample(s * 1000L, 403.2, 30 - s / 30.0, 90, NAN))).isEmpty();
        }
        // Parked (no current), a steady voltage is normal.
        PlausibilityCheck parked = new PlausibilityCheck(PackLimits.of(96, 60));
        for (int s = 0; s <= 600; s += 10) {
            assertThat(parked.check(sample(s * 1000L, 355.0, 0.1, 50, NAN))).isEmpty();
        }
    }
}
