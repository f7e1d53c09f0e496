package io.voltrace.analytics.soh.aging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgingDataTest {

    @TempDir
    Path dir;

    private void gz(String name, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsTheLayoutAndSkipsABadLineNamingFileAndLine() throws IOException {
        gz("C1.csv.gz", """
                cycle,test_time_s,step_index,current_a,voltage_v,charge_ah,discharge_ah
                1,0,1,0,3.5,0,0
                1,30,7,-1.1,4.0,0,0.00917
                1,60,7,-1.1,abc,0,0.01833
                1,90,7,-1.1,3.9,0,0.0275
                """);
        Files.writeString(dir.resolve("C1_capacity.csv"), """
                cycle,discharge_capacity_ah,charge_capacity_ah,discharge_start_s,discharge_end_s
                1,0.01833,0.02,30,90
                """);
        List<String> problems = new ArrayList<>();
        AgingCell cell = AgingData.readCell(dir, "C1", problems::add);

        assertThat(cell.size()).isEqualTo(3);
        assertThat(problems).singleElement().asString().contains("C1.csv.gz:4", "voltage_v", "'abc'", "skipped");
        assertThat(cell.labels().get(1).capacityAh()).isEqualTo(0.01833);
        // The label misses the first interval; the counter from the reading before the discharge does not.
        assertThat(cell.deliveredAh(cell.labels().get(1))).isCloseTo(0.0275, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cell.cycleAt(45_000)).isEqualTo(1);
        assertThat(AgingData.cellNames(dir)).containsExactly("C1");
    }

    @Test
    void quotedCellsReadAndABadLabelIsNamedByFileLineAndColumn() throws IOException {
        gz("C3.csv.gz", "\"cycle\",\"test_time_s\",\"current_a\",\"voltage_v\"\n1,0,0,\"3.5\"\n1,30,-1.1,3.9\n");
        Files.writeString(dir.resolve("C3_capacity.csv"), "cycle,discharge_capacity_ah\n1,1.0\n2,-0.5\n3,\n");
        List<String> problems = new ArrayList<>();
        AgingCell cell = AgingData.readCell(dir, "C3", problems::add);

        assertThat(cell.size()).isEqualTo(2);
        assertThat(cell.labels()).containsOnlyKeys(1);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("C3_capacity.csv:3", "discharge_capacity_ah", "not positive", "skipped");
        assertThat(problems.get(1)).contains("C3_capacity.csv:4", "discharge_capacity_ah", "missing");
    }

    @Test
    void aMissingColumnOrCellIsRefusedWithWhatThereIs() throws IOException {
        gz("C2.csv.gz", "cycle,time,current_a,voltage_v\n1,0,0,3.5\n");
        Files.writeString(dir.resolve("C2_capacity.csv"), "cycle,discharge_capacity_ah\n1,1.0\n");

        assertThatThrownBy(() -> AgingData.readCell(dir, "C2", p -> { }))
                .hasMessageContaining("C2.csv.gz:1: no column 'test_time_s'").hasMessageContaining("time");
        assertThatThrownBy(() -> AgingData.read(dir, List.of("C9"), p -> { }))
                .hasMessageContaining("no cell 'C9'").hasMessageContaining("C2");
        assertThatThrownBy(() -> AgingData.cellNames(dir.resolve("nowhere"))).hasMessageContaining("not a folder");
    }
}
