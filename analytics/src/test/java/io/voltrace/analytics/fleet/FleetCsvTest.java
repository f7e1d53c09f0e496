package io.voltrace.analytics.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.analytics.grading.Grade;
import io.voltrace.common.chemistry.Chemistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCsvTest {

    @Test
    void readsGoodRowsAndNamesTheBadOnes(@TempDir Path dir) throws IOException {
        Path packs = dir.resolve("packs.csv");
        Path history = dir.resolve("history.csv");
        Files.writeString(packs, """
                battery,model,chemistry,nominalAh,cellsSeries,commissioned,climate,grade
                P1,"Aurora 60, long range",NMC,150,96,2022-05-01,hot,REUSE_B
                P2,Metro,lfp,200,104,2021-01-15,cold,
                P3,Metro,NiMH,200,104,2021-01-15,cold,
                P4,Metro,LFP,200,104.5,2021-01-15,cold,
                """);
        Files.writeString(history, """
                battery,date,sohPercent,equivalentCycles,resistanceIncreasePercent
                P1,2025-01-01,93.5,400,12
                P1,2025-02-01T00:00:00Z,93.1,420,
                P2,2025-01-01,abc,100,
                P9,2025-01-01,90,100,
                P2,2020-01-01,99,10,
                P2,2025-03-01,96,150,5
                """);

        FleetInput in = FleetCsv.read(packs, history);

        assertThat(in.packs()).extracting(p -> p.profile().battery()).containsExactly("P1", "P2");
        PackHistory p1 = in.packs().get(0);
        assertThat(p1.profile().model()).isEqualTo("Aurora 60, long range");
        assertThat(p1.profile().commissioned()).isEqualTo(LocalDate.of(2022, 5, 1));
        assertThat(p1.soh().points()).hasSize(2);
        assertThat(p1.resistance()).hasSize(1);
        assertThat(in.packs().get(1).profile().chemistry()).isEqualTo(Chemistry.LFP);
        assertThat(in.grades()).containsExactlyEntriesOf(java.util.Map.of("P1", Grade.REUSE_B));
        assertThat(in.problems()).containsExactly(
                "packs.csv:4: chemistry: 'NiMH' is not one of NMC, LFP, LCO",
                "packs.csv:5: cellsSeries: not a whole number: 104.5",
                "history.csv:4: sohPercent: not a number: 'abc'",
                "history.csv:5: battery: P9 is not in packs.csv",
                "history.csv:6: date: before the pack was commissioned (2021-01-15)");
    }

    @Test
    void aMissingColumnFailsTheFile(@TempDir Path dir) throws IOException {
        Path packs = dir.resolve("packs.csv");
        Path history = dir.resolve("history.csv");
        Files.writeString(packs, "battery,model,chemistry,nominalAh,commissioned,climate\n");
        Files.writeString(history, "battery,date,sohPercent,equivalentCycles\n");

        assertThatThrownBy(() -> FleetCsv.read(packs, history))
                .hasMessage("packs.csv:1: missing column cellsSeries "
                        + "(header: battery,model,chemistry,nominalAh,commissioned,climate)");
    }
}
