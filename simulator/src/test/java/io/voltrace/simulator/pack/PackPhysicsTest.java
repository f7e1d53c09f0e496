package io.voltrace.simulator.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.simulator.bms.Bms;
import io.voltrace.simulator.cell.CellType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The physics the estimator must not share: each property here would be absent from a simulator built on its table. */
class PackPhysicsTest {

    private static double meanCell(Pack pack) {
        return pack.packVolts() / pack.cells();
    }

    /** Moves the pack to {@code socPercent} at 0.3 C in the given direction, then rests {@code hours}. */
    private static void moveAndRest(Pack pack, double nominalAh, double socPercent, double hours) {
        double amps = pack.meanSocPercent() < socPercent ? 0.3 * nominalAh : -0.3 * nominalAh;
        while (amps > 0 ? pack.meanSocPercent() < socPercent : pack.meanSocPercent() > socPercent) {
            pack.step(amps, 1, 25);
        }
        for (int s = 0; s < hours * 60; s++) {
            pack.step(0, 60, 25);
        }
    }

    @Test
    void restVoltageAfterChargeSitsAboveRestVoltageAfterDischargeByTheHysteresisGap() {
        for (Chemistry chemistry : new Chemistry[]{Chemistry.NMC, Chemistry.LFP}) {
            CellType type = CellType.of(chemistry);
            PackSpec spec = new PackSpec(chemistry, 12, 60, 90, 25, 4);
            Pack up = new Pack(spec, new SplittableRandom(4), 30);
            Pack down = new Pack(spec, new SplittableRandom(4), 80);
            moveAndRest(up, 60, 55, 10);
            moveAndRest(down, 60, 55, 10);
            double gap = meanCell(up) - meanCell(down);
            // Same cells, same SOC within a step, ten hours of rest: what is left is hysteresis.
            assertThat(up.meanSocPercent()).isCloseTo(down.meanSocPercent(), within(0.1));
            assertThat(gap).as("%s gap", chemistry).isBetween(0.9 * type.minGapVolts(), 1.1 * type.maxGapVolts());
        }
    }

    @Test
    void relaxationGoesOnForHoursAfterTheCurrentStops() {
        PackSpec spec = new PackSpec(Chemistry.NMC, 12, 60, 90, 25, 5);
        Pack pack = new Pack(spec, new SplittableRandom(5), 80);
        moveAndRest(pack, 60, 40, 20.0 / 60);
        double at20min = meanCell(pack);
        moveAndRest(pack, 60, 40, 3);
        double later = meanCell(pack);
        // After a discharge the voltage recovers upward; a 90 s model would have settled within 0.1 mV by 20 min.
        assertThat(later - at20min).isGreaterThan(0.001);
    }

    @Test
    void cellsHaveTheirOwnOcvCurvesOffTheEstimatorsTable() {
        PackSpec spec = new PackSpec(Chemistry.NMC, 12, 60, 100, 25, 6);
        Pack pack = new Pack(spec, new SplittableRandom(6), 50);
        double maxOff = 0;
        for (double z = 0.1; z <= 0.9; z += 0.01) {
            maxOff = Math.max(maxOff, Math.abs(CellType.NMC.ocv().volts(z) - Chemistry.NMC.ocv().voltsAt(100 * z)));
        }
        assertThat(maxOff).as("the type's own form against the table, 10–90 %").isBetween(0.001, 0.010);
        double spread = 0;
        double mean = meanCell(pack);
        for (int i = 0; i < pack.cells(); i++) {
            spread = Math.max(spread, Math.abs(pack.cellVolts(i) - mean));
        }
        assertThat(spread).as("cell-to-cell").isGreaterThan(0.001);
    }

    @Test
    void theBmsCountsAgainstAStaleCapacityAndShowsWholePercent() {
        PackSpec spec = new PackSpec(Chemistry.NMC, 12, 60, 80, 25, 7);
        Pack pack = new Pack(spec, new SplittableRandom(7), 50);
        Bms bms = new Bms(pack, new SplittableRandom(8), Chemistry.NMC.ocv());
        assertThat(bms.staleCapacityAh()).isGreaterThan(pack.meanCapacityAh() * 1.004)
                .isLessThan(pack.meanCapacityAh() * 1.041);
        int before = bms.displayedSoc();
        double trueBefore = pack.meanSocPercent();
        for (int s = 0; s < 3600; s++) {
            double amps = 0.3 * 60;
            pack.step(amps, 1, 25);
            bms.track(bms.measureCurrent(amps), 1, false, false);
        }
        double trueRise = pack.meanSocPercent() - trueBefore;
        int shownRise = bms.displayedSoc() - before;
        // 18 Ah into a pack of 48 Ah is 37.5 points; counted against a larger capacity the BMS shows fewer.
        assertThat(trueRise).isCloseTo(37.5, within(0.5));
        assertThat(shownRise).isLessThan((int) Math.round(trueRise) + 1).isGreaterThan(33);
    }

    @Test
    void anInternalShortDrainsItsCellAtRestAndNothingElse() {
        PackSpec spec = new PackSpec(Chemistry.NMC, 12, 60, 90, 25, 9);
        Pack sound = new Pack(spec, new SplittableRandom(9), 55);
        Pack shorted = new Pack(spec, new SplittableRandom(9), 55);
        shorted.leak(3, 75);
        double leakAmps = shorted.leakAmps(3);
        double capacity = shorted.meanCapacityAh(); // cell 3's own is within a percent of the mean
        for (int m = 0; m < 24 * 60; m++) {
            sound.step(0, 60, 25);
            shorted.step(0, 60, 25);
        }
        // OCV / R out of one cell of twelve for a day: about 2 % of that cell, a twelfth of it on the mean.
        double expected = leakAmps * 24 / capacity * 100 / 12;
        assertThat(sound.meanSocPercent() - shorted.meanSocPercent()).isCloseTo(expected, within(0.05 * expected));
        assertThat(sound.cellVolts(3) - shorted.cellVolts(3)).as("the shorted cell reads lower").isGreaterThan(0.005);
        for (int i = 0; i < 12; i++) {
            if (i != 3) {
                assertThat(shorted.cellVolts(i)).as("cell %d", i).isEqualTo(sound.cellVolts(i));
            }
        }
        assertThat(sound.leakAmps(3)).isZero();
        assertThatThrownBy(() -> shorted.leak(12, 75)).hasMessageContaining("cell must be 0..11");
        assertThatThrownBy(() -> shorted.leak(0, 0)).hasMessageContaining("must be positive");
    }
}
