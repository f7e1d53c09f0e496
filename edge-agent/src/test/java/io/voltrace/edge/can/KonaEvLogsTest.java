package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcParser;
import io.voltrace.edge.dbc.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real Hyundai Kona EV captures (SavvyCAN CSV from the car, Vector ASC from a 64 kWh pack on the bench) decoded with
 * the reverse-engineered Kona P-CAN DBC, all read in place from the shared data. The BMS values must be those of a
 * 98-cell NMC pack at rest or charging gently: pack voltage 250..420 V, current within +-400 A, SOC 0..100 %.
 */
class KonaEvLogsTest {

    private static final int BATT_HV_STATUS = 0x595;
    private static final int BATTERY_LIMITS = 0x594;
    private static final int BMS_542 = 0x542;

    @Test
    void bmsMessagesOfRealCapturesDecodeToPlausibleValues() throws Exception {
        Path logs = SharedData.require("can-logs/kona_ev_logs");
        Path dbcFile = findDbc(SharedData.require("vehicle-dbc"), "pcan.dbc", "kona");
        DbcDatabase dbc = DbcParser.parse(dbcFile);

        List<Path> captures = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(logs)) {
            walk.filter(p -> p.toString().endsWith(".asc") || p.getFileName().toString().contains("pcan"))
                    .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".asc")).sorted()
                    .forEach(captures::add);
        }
        assertThat(captures).as("P-CAN captures").hasSizeGreaterThanOrEqualTo(3);

        Map<String, DoubleSummaryStatistics> stats = new TreeMap<>();
        long frames = 0;
        long decoded = 0;
        for (Path capture : captures) {
            try (CanLogSource source = CanLogs.open(capture)) {
                CanFrame f;
                while ((f = source.next()) != null) {
                    frames++;
                    // SavvyCAN bus 1 is C-CAN in these captures: the P-CAN DBC does not apply there.
                    if (source instanceof SavvyCsvLogSource && !"0".equals(source.channel())) {
                        continue;
                    }
                    DbcMessage m = dbc.message(f.id(), f.extended());
                    if (m == null || f.id() != BATT_HV_STATUS && f.id() != BATTERY_LIMITS && f.id() != BMS_542) {
                        continue;
                    }
                    decoded++;
                    m.decode(f.data(), f.length(), (signal, index, raw, physical) ->
                            stats.computeIfAbsent(m.name() + "." + signal.name(), k -> new DoubleSummaryStatistics())
                                    .accept(physical));
                }
                assertThat(source.rejected()).as(capture.getFileName().toString()).isEmpty();
            }
        }
        System.out.printf("kona captures: %d files, %d frames, %d BMS frames decoded%n", captures.size(), frames,
                decoded);
        for (String name : new String[] {"Batt_HV_Status.VBatt", "Batt_HV_Status.IBatt", "BMS_542.SocDisp",
            "BatteryLimits.SoC_Maybe"}) {
            DoubleSummaryStatistics s = stats.get(name);
            System.out.printf("  %-24s n=%-5d min=%-8.2f max=%.2f%n", name, s.getCount(), s.getMin(), s.getMax());
        }

        DoubleSummaryStatistics voltage = stats.get("Batt_HV_Status.VBatt");
        DoubleSummaryStatistics current = stats.get("Batt_HV_Status.IBatt");
        DoubleSummaryStatistics socDisplayed = stats.get("BMS_542.SocDisp");
        DoubleSummaryStatistics soc = stats.get("BatteryLimits.SoC_Maybe");
        assertThat(voltage.getCount()).isGreaterThan(500);
        assertThat(voltage.getMin()).isGreaterThanOrEqualTo(250.0);
        assertThat(voltage.getMax()).isLessThanOrEqualTo(420.0);
        assertThat(current.getMin()).isGreaterThanOrEqualTo(-400.0);
        assertThat(current.getMax()).isLessThanOrEqualTo(400.0);
        for (DoubleSummaryStatistics s : new DoubleSummaryStatistics[] {socDisplayed, soc}) {
            assertThat(s.getCount()).isGreaterThan(500);
            assertThat(s.getMin()).isGreaterThanOrEqualTo(0.0);
            assertThat(s.getMax()).isLessThanOrEqualTo(100.0);
        }
    }

    /** The DBC of that name under a folder whose path mentions the vehicle, wherever the data set put it. */
    static Path findDbc(Path root, String fileName, String vehicle) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().equals(fileName))
                    .filter(p -> root.relativize(p).toString().toLowerCase().contains(vehicle))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + fileName + " for " + vehicle + " under " + root));
        }
    }
}
