package io.voltrace.edge.bms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcParser;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each mapping option on a small BMS of our own: what lands where, with which sign, scale and rate. */
class MappedFieldsTest {

    /** A BMS that cycles through its cells one frame at a time, as many aftermarket BMSs do. */
    static final String DBC_TEXT = """
            VERSION ""
            NS_ :
            BS_:
            BU_: BMS
            BO_ 1024 CellReport: 8 BMS
             SG_ CellNumber : 0|8@1+ (1,0) [0|255] "" Vector__XXX
             SG_ CellMillivolts : 8|16@1+ (1,0) [0|65535] "mV" Vector__XXX
             SG_ SensorNumber : 24|8@1+ (1,0) [0|255] "" Vector__XXX
             SG_ SensorTemp : 32|8@1+ (1,-40) [-40|215] "degC" Vector__XXX
            BO_ 1025 Pack: 8 BMS
             SG_ PackV : 0|16@1+ (0.1,0) [0|6553.5] "V" Vector__XXX
             SG_ PackI : 16|16@1- (0.1,0) [-3276.8|3276.7] "A" Vector__XXX
             SG_ PackSoc : 32|10@1+ (1,0) [0|1023] "" Vector__XXX
             SG_ Iso : 42|12@1+ (1,0) [0|4095] "Ohm/V" Vector__XXX
             SG_ Status : 54|3@1+ (1,0) [0|7] "" Vector__XXX
             SG_ Hvil : 57|1@1+ (1,0) [0|1] "" Vector__XXX
            BO_ 1026 Charger: 8 BMS
             SG_ PackI : 0|16@1- (0.1,0) [-3276.8|3276.7] "A" Vector__XXX
             SG_ Probe1 : 16|8@1+ (1,-40) [-40|215] "degC" Vector__XXX
             SG_ Probe2 : 24|8@1+ (1,-40) [-40|215] "degC" Vector__XXX
             SG_ Probe01 : 32|8@1+ (1,-40) [-40|215] "degC" Vector__XXX
            """;

    static final String MAPPING = """
            // Pack.PackI because Charger carries a PackI too.
            {
              "packVoltage": {"signal": "PackV"},
              "packCurrent": {"signal": "Pack.PackI", "positiveWhen": "discharging", "scale": 1.0},
              "soc": {"signal": "PackSoc", "scale": 0.1, "invalidRaw": [1023]},
              "insulationResistance": {"signal": "Iso", "scale": 0.4, "onChange": true},
              "cellVoltages": {"valueSignal": "CellMillivolts", "indexSignal": "CellNumber", "indexOffset": -1,
                               "scale": 0.001, "maxHz": 1},
              "cellTemperatures": {"valueSignal": "SensorTemp", "indexSignal": "SensorNumber"},
              "faults": {
                "Status": {"flag": "derate", "activeRaw": [2, 3]},
                "Hvil": "hvil_open",
              },
            }
            """;

    final DbcDatabase dbc = parse(DBC_TEXT);
    final List<PackSample> samples = new ArrayList<>();
    final PackSampler sampler = new PackSampler(resolve(MAPPING), 1, samples::add);

    static DbcDatabase parse(String text) {
        try {
            return DbcParser.parse("pairs.dbc", new StringReader(text));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    ResolvedMapping resolve(String json) {
        try {
            return SignalMapping.read("pairs.json", new StringReader(json)).resolve(dbc);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    CanFrame frame(String message, long micros, Map<String, Double> values) {
        DbcMessage m = dbc.messageByName(message);
        byte[] data = m.encode(values);
        return new CanFrame(micros, m.id(), m.extended(), false, data, data.length);
    }

    void cell(long micros, int number, double millivolts) {
        sampler.accept(frame("CellReport", micros, Map.of("CellNumber", (double) number,
                "CellMillivolts", millivolts, "SensorNumber", 0.0, "SensorTemp", 25.0)));
    }

    void pack(long micros, double volts, double amps, double socRaw) {
        sampler.accept(frame("Pack", micros, Map.of("PackV", volts, "PackI", amps, "PackSoc", socRaw)));
    }

    @Test
    void pairedCellsLandAtTheirNumberScaledToVolts() {
        cell(0, 1, 3712);
        cell(0, 96, 3650);
        assertThat(sampler.cellVoltage(0)).isCloseTo(3.712, within(1e-9));
        assertThat(sampler.cellVoltage(95)).isCloseTo(3.650, within(1e-9));
        assertThat(sampler.cellVoltage(1)).isNaN();
        assertThat(sampler.cellTemperature(0)).isEqualTo(25.0);
    }

    @Test
    void aCellNumberOutOfRangeIsDroppedAndCounted() {
        cell(0, 0, 3700); // number 0 with offset -1 gives index -1
        assertThat(sampler.unpairedReadings()).isEqualTo(1);
        assertThat(sampler.updates(BmsField.CELL_VOLTAGE)).isZero();
    }

    @Test
    void maxHzThinsEachCellOnItsOwn() {
        cell(0, 5, 3700);
        cell(500_000, 5, 3600); // 2 Hz: skipped, the cell keeps 3.700
        cell(500_000, 6, 3800); // another cell is not held back by cell 5
        assertThat(sampler.cellVoltage(4)).isCloseTo(3.700, within(1e-9));
        assertThat(sampler.cellVoltage(5)).isCloseTo(3.800, within(1e-9));
        cell(1_000_000, 5, 3600);
        assertThat(sampler.cellVoltage(4)).isCloseTo(3.600, within(1e-9));
        assertThat(sampler.rateLimitedReadings()).isEqualTo(1);
    }

    @Test
    void maxHzToleratesJitterAroundTheRate() {
        cell(0, 5, 3700);
        cell(990_000, 5, 3650); // 10 ms early for 1 Hz: still taken
        assertThat(sampler.cellVoltage(4)).isCloseTo(3.650, within(1e-9));
    }

    @Test
    void currentSignScaleAndInvalidValuesApply() {
        pack(0, 400, 120, 1023); // discharging 120 A; SOC raw 1023 = not available
        assertThat(sampler.value(BmsField.PACK_CURRENT)).isEqualTo(-120.0);
        assertThat(sampler.value(BmsField.PACK_VOLTAGE)).isEqualTo(400.0);
        assertThat(sampler.value(BmsField.SOC)).isNaN();
        assertThat(sampler.invalidReadings()).isEqualTo(1);
        pack(100_000, 400, 120, 655);
        assertThat(sampler.value(BmsField.SOC)).isCloseTo(65.5, within(1e-9));
    }

    @Test
    void onChangeCountsOnlyChangedValues() {
        for (int i = 0; i < 5; i++) {
            sampler.accept(frame("Pack", i * 100_000L, Map.of("Iso", 1250.0)));
        }
        sampler.accept(frame("Pack", 600_000, Map.of("Iso", 1000.0)));
        assertThat(sampler.updates(BmsField.INSULATION_RESISTANCE)).isEqualTo(2);
        assertThat(sampler.insulationResistanceKohm()).isCloseTo(400.0, within(1e-9));
    }

    @Test
    void faultsFollowTheirActiveValues() {
        sampler.accept(frame("Pack", 0, Map.of("Status", 1.0, "Hvil", 0.0)));
        assertThat(sampler.activeFaults()).isEmpty();
        sampler.accept(frame("Pack", 1, Map.of("Status", 3.0, "Hvil", 1.0)));
        assertThat(sampler.activeFaults()).containsExactly("derate", "hvil_open");
        sampler.accept(frame("Pack", 2, Map.of("Status", 4.0, "Hvil", 1.0)));
        assertThat(sampler.activeFaults()).containsExactly("hvil_open");
    }

    @Test
    void samplesCarryTheMappedValuesAndCountChargeBothWays() {
        for (long s = 0; s <= 20; s++) {
            pack(s * 1_000_000, 370, s <= 10 ? 36 : -18, 500); // 10 s out at 36 A, then 10 s in at 18 A
            cell(s * 1_000_000, 1, 3700);
            cell(s * 1_000_000, 2, 3720);
        }
        PackSample last = samples.get(samples.size() - 1);
        assertThat(last.ahDischarged()).isCloseTo(10 * 36 / 3600.0, within(1e-9));
        assertThat(last.ahCharged()).isCloseTo(10 * 18 / 3600.0, within(1e-9));
        assertThat(last.packCurrent()).isEqualTo(18.0);
        assertThat(last.soc()).isEqualTo(50.0);
        assertThat(last.cellVoltageMin()).isCloseTo(3.700, within(1e-9));
        assertThat(last.cellVoltageMax()).isCloseTo(3.720, within(1e-9));
        assertThat(last.tempMin()).isEqualTo(25.0);
    }

    @Test
    void aMappingWithoutCellsOrSocStillSamples() {
        List<PackSample> out = new ArrayList<>();
        PackSampler bare = new PackSampler(resolve("""
                {"packVoltage": {"signal": "PackV"},
                 "packCurrent": {"signal": "Pack.PackI", "positiveWhen": "charging"}}
                """), 1, out::add);
        for (long s = 0; s <= 3; s++) {
            bare.accept(frame("Pack", s * 1_000_000, Map.of("PackV", 360.0, "PackI", 5.0)));
        }
        assertThat(out).hasSize(3);
        assertThat(out.get(0).packCurrent()).isEqualTo(5.0);
        assertThat(out.get(0).soc()).isNaN();
        assertThat(out.get(0).cellVoltageMin()).isNaN();
    }

    @Test
    void listedSignalsFeedTheirPositions() {
        PackSampler listed = new PackSampler(resolve("""
                {"packVoltage": {"signal": "PackV"},
                 "packCurrent": {"signal": "Pack.PackI", "positiveWhen": "charging"},
                 "cellTemperatures": {"signals": ["Probe2", "Probe1"]}}
                """), 1, s -> { });
        listed.accept(frame("Charger", 0, Map.of("Probe1", 21.0, "Probe2", 34.0)));
        assertThat(listed.cellTemperature(0)).isEqualTo(34.0);
        assertThat(listed.cellTemperature(1)).isEqualTo(21.0);
    }

    @Test
    void theHotPathAllocatesNothing() {
        PackSampler quiet = new PackSampler(resolve(MAPPING), 1e9, s -> { });
        CanFrame[] frames = {
            frame("Pack", 0, Map.of("PackV", 370.0, "PackI", 20.0, "PackSoc", 500.0, "Iso", 900.0, "Status", 3.0)),
            frame("CellReport", 0, Map.of("CellNumber", 7.0, "CellMillivolts", 3700.0, "SensorNumber", 2.0,
                    "SensorTemp", 30.0)),
            frame("Charger", 0, Map.of("PackI", 1.0)),
        };
        CanFrame[] timed = new CanFrame[30_000];
        for (int i = 0; i < timed.length; i++) {
            CanFrame f = frames[i % frames.length];
            timed[i] = new CanFrame(i * 1_000L, f.id(), f.extended(), f.fd(), f.data(), f.length());
        }
        for (int round = 0; round < 5; round++) { // let the JIT settle
            for (CanFrame f : timed) {
                quiet.accept(f);
            }
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (CanFrame f : timed) {
            quiet.accept(f);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).as("bytes allocated for %d frames", timed.length).isLessThan(1024);
    }
}
