package io.voltrace.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.chemistry.Chemistry;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSimulatorTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);

    @Test
    void sameSeedSameFleetAndEveryDayHasThreeRests() {
        List<FleetPack> fleet = FleetSimulator.generate(5, 7, AS_OF, 30);
        assertThat(FleetSimulator.generate(5, 7, AS_OF, 30)).isEqualTo(fleet);
        for (FleetPack p : fleet) {
            assertThat(p.days()).hasSize(30);
            assertThat(p.rests()).hasSize(90);
            assertThat(p.soh()).isNotEmpty();
            for (FleetPack.Day d : p.days()) {
                assertThat(d.minCellVolts()).isLessThan(d.maxCellVolts());
                assertThat(d.maxTempC()).isBetween(-10.0, 60.0);
            }
        }
    }

    @Test
    void soundNmcPacksRestWithinAFewTensOfMillivolts() {
        // NMC only: on the LFP plateau the cells' own OCV curves (2 % parameter spread) sit up to about 0.1 V apart.
        for (FleetPack p : FleetSimulator.generate(60, 3, AS_OF, 20)) {
            if (p.finding() == FleetPack.Finding.NONE && p.chemistry() == Chemistry.NMC) {
                assertThat(p.rests()).allSatisfy(r -> assertThat(r.cellSpreadVolts()).isLessThan(0.1));
            }
        }
    }

    @Test
    void aLeakingCellLosesVoltageParkedAndAWeakCellOpensTheSpread() {
        List<FleetPack> fleet = FleetSimulator.generate(300, 11, AS_OF, 20);
        // NMC: on the LFP plateau a few percent of SOC hardly move the voltage.
        FleetPack leaking = fleet.stream().filter(p -> p.finding() == FleetPack.Finding.LEAKING_CELL
                && p.chemistry() == Chemistry.NMC).findFirst().orElseThrow();
        FleetPack weak = fleet.stream().filter(p -> p.finding() == FleetPack.Finding.WEAK_CELL).findFirst()
                .orElseThrow();
        FleetPack sound = fleet.stream().filter(p -> p.finding() == FleetPack.Finding.NONE
                && p.chemistry() == leaking.chemistry()).findFirst().orElseThrow();
        assertThat(meanDriftVolts(leaking)).isLessThan(meanDriftVolts(sound) - 0.005);
        assertThat(weak.rests().stream().mapToDouble(FleetPack.Rest::cellSpreadVolts).max().orElseThrow())
                .isGreaterThan(0.1);
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> FleetSimulator.generate(-1, 1, AS_OF, 30)).hasMessageContaining("packs");
        assertThatThrownBy(() -> FleetSimulator.generate(1, 1, AS_OF, 0)).hasMessageContaining("evidenceDays");
    }

    private static double meanDriftVolts(FleetPack p) {
        return p.rests().stream().filter(r -> r.drift() != null)
                .mapToDouble(r -> r.drift().toVolts() - r.drift().fromVolts()).average().orElseThrow();
    }
}
