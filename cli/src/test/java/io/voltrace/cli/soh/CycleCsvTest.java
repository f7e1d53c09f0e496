package io.voltrace.cli.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.evidence.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycleCsvTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void nasaExportColumnsAreFoundByName() throws Exception {
        Path f = write("dis.csv", """
                voltage,current,temperature,current_load,voltage_load,discharge_time,ic
                4.19,-0.004,24.3,-0.0006,0.0,0.0,45186.7
                3.97,-2.012,24.4,-1.9982,3.062,35.703,1561.5
                """);
        List<Point> points = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        CycleCsv.Summary s = CycleCsv.detect().read(f, points::add, problems::add);

        assertThat(problems).isEmpty();
        assertThat(s.time()).isEqualTo("discharge_time");
        assertThat(s.current()).isEqualTo("current");
        assertThat(s.voltage()).isEqualTo("voltage");
        assertThat(s.temperature()).isEqualTo("temperature");
        assertThat(points).containsExactly(Point.of(0, -0.004, 4.19, 24.3), Point.of(35_703, -2.012, 3.97, 24.4));
    }

    @Test
    void nasaMatlabNamesAndArbinNamesAreFoundToo() throws Exception {
        Path nasa = write("nasa.csv", "Voltage_measured,Current_measured,Temperature_measured,Current_charge,"
                + "Voltage_charge,Time\n4.2,0.0,24,0,0,0\n");
        Path arbin = write("arbin.csv", "Data_Point;Test_Time(s);Current(A);Voltage(V);Aux_Temperature_1(C)\n"
                + "1;0.5;1.5;3.7;25\n");

        CycleCsv.Summary a = CycleCsv.detect().read(nasa, p -> { }, p -> { });
        CycleCsv.Summary b = CycleCsv.detect().read(arbin, p -> { }, p -> { });

        assertThat(List.of(a.time(), a.current(), a.voltage(), a.temperature()))
                .containsExactly("Time", "Current_measured", "Voltage_measured", "Temperature_measured");
        assertThat(List.of(b.time(), b.current(), b.voltage())).containsExactly("Test_Time(s)", "Current(A)",
                "Voltage(V)");
        assertThat(b.temperature()).isNull(); // "Aux_Temperature_1" is not a name it guesses
    }

    @Test
    void namedColumnsSignCellsAndIsoTimes() throws Exception {
        Path f = write("log.csv", """
                stamp,I_pack,U_pack,T_max
                2026-03-01T00:00:00Z,10,360.0,20
                2026-03-01 00:00:01,12,362.4,
                """);
        List<Point> points = new ArrayList<>();

        new CycleCsv("stamp", "I_pack", "U_pack", "T_max", true, 96).read(f, points::add, p -> { });

        assertThat(points).hasSize(2);
        assertThat(points.get(1).timeMillis() - points.get(0).timeMillis()).isEqualTo(1000);
        assertThat(points.get(0).current()).isEqualTo(-10.0); // the file counts charge negative
        assertThat(points.get(0).voltage()).isEqualTo(3.75);
        assertThat(points.get(1).tempMaxC()).isNaN();
    }

    @Test
    void badLinesAreReportedWithFileLineAndColumnAndSkipped() throws Exception {
        Path f = write("bad.csv", """
                time,current,voltage
                0,0,4.1
                1,abc,4.1

                2,-1
                3,-1,inf
                4,-1,4.0
                """);
        List<Point> points = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        CycleCsv.Summary s = CycleCsv.detect().read(f, points::add, problems::add);

        assertThat(points).hasSize(2);
        assertThat(s.rows()).isEqualTo(2);
        assertThat(s.skipped()).isEqualTo(3);
        assertThat(problems).containsExactly(
                f + ":3: column 'current': 'abc' is not a number; line skipped",
                f + ":5: column 'voltage' missing (2 fields, header has 3); line skipped",
                f + ":6: column 'voltage': 'inf' is not a number; line skipped");
    }

    @Test
    void aClockThatRestartsStartsANewRunAfterAGap() throws Exception {
        Path f = write("joined.csv", "time,current,voltage\n0,0,4.1\n10,-1,4.0\n0,0,3.9\n10,-1,3.8\n");
        List<Point> points = new ArrayList<>();

        CycleCsv.Summary s = CycleCsv.detect().read(f, points::add, p -> { });

        assertThat(s.runs()).isEqualTo(2);
        assertThat(points).extracting(Point::timeMillis).containsExactly(0L, 10_000L, 3_610_000L, 3_620_000L);
    }

    @Test
    void aMissingColumnStopsTheReadNamingWhatIsThere() throws Exception {
        Path f = write("nocurrent.csv", "time,voltage\n0,4.1\n");

        assertThatThrownBy(() -> CycleCsv.detect().read(f, p -> { }, p -> { }))
                .isInstanceOf(CycleCsv.CsvFormatException.class)
                .hasMessage(f + ":1: no current column found among time, voltage; name it with --current-col");
        assertThatThrownBy(() -> new CycleCsv(null, "amps", null, null, false, 1).read(f, p -> { }, p -> { }))
                .hasMessage(f + ":1: no column 'amps' for current (columns: time, voltage)");
    }
}
