package io.voltrace.edge.bms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.KernelFilter;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackSamplerTest {
    static final DbcDatabase DBC = ReferenceDbc.load();
    final List<PackSample> samples = new ArrayList<>();
    final PackSampler sampler = new PackSampler(DBC, SignalMapping.voltraceReference(), 10, samples::add);

    static CanFrame frame(String message, long micros, Map<String, Double> values) {
        DbcMessage m = DBC.messageByName(message);
        byte[] data = m.encode(values);
        return new CanFrame(micros, m.id(), m.extended(), false, data, data.length);
    }

    void status(long seconds, double volts, double amps) {
        sampler.accept(frame("BMS_PackStatus", seconds * 1_000_000, Map.of(
                "PackVoltage", volts, "PackCurrent", amps, "PackSoc", 50.0)));
    }

    void cellsAndTemps(long seconds) {
        sampler.accept(frame("BMS_CellVoltages", seconds * 1_000_000, Map.of(
                "CellPage", 0.0, "CellVoltage001", 3.700, "CellVoltage002", 3.710, "CellVoltage003", 3.690,
                "CellVoltage004", 3.705)));
        sampler.accept(frame("BMS_Temperatures", seconds * 1_000_000, Map.of(
                "TempPage", 0.0, "CellTemp01", 21.0, "CellTemp02", 24.0, "CellTemp03", 22.0, "CellTemp04", 22.0,
                "CellTemp05", 23.0, "CellTemp06", 23.0, "CellTemp07", 22.5)));
    }

    @Test
    void countsChargeAndDischargeAtFullRateAndSamplesAtTheInterval() {
        cellsAndTemps(0);
        status(0, 355, 0);
        for (long t = 1; t <= 30; t++) {
            status(t, 350, t <= 18 ? -36.0 : 18.0); // 18 s at 36 A out, then 12 s at 18 A in
        }
        assertThat(samples).hasSize(3);
        PackSample last = samples.get(2);
        assertThat(last.ts()).isEqualTo(30_000);
        assertThat(last.ahDischarged()).isCloseTo(18 * 36.0 / 3600, within(1e-9));
        assertThat(last.ahCharged()).isCloseTo(12 * 18.0 / 3600, within(1e-9));
        assertThat(last.cellVoltageMin()).isCloseTo(3.690, within(1e-9));
        assertThat(last.cellVoltageMax()).isCloseTo(3.710, within(1e-9));
        assertThat(last.cellVoltageAvg()).isCloseTo((3.700 + 3.710 + 3.690 + 3.705) / 4, within(1e-9));
        assertThat(last.tempMin()).isEqualTo(21.0);
        assertThat(last.tempMax()).isEqualTo(24.0);
        assertThat(last.packCurrent()).isEqualTo(18.0);
    }

    @Test
    void sendsNothingUntilEveryFieldHasBeenSeen() {
        for (long t = 0; t <= 11; t++) {
            status(t, 350, -10);
        }
        assertThat(samples).as("no cell voltages yet").isEmpty();
        cellsAndTemps(12);
        assertThat(samples).as("overdue, so sent as soon as complete").hasSize(1);
        assertThat(samples.get(0).ts()).isEqualTo(12_000);
        assertThat(samples.get(0).ahDischarged()).as("counting ran all along").isCloseTo(11 * 10.0 / 3600, within(1e-9));
        status(22, 350, -10);
        assertThat(samples).hasSize(2);
        assertThat(samples.get(1).ahDischarged()).isCloseTo(22 * 10.0 / 3600, within(1e-9));
    }

    @Test
    void aMappedFieldThatNeverComesStopsHoldingSamplesBackAfterTheGrace() {
        // The cells' message is not on this bus (another bus of a two-bus log, say): 5 sample intervals (here 50 s)
        // of frame time after the first sample was due, the samples go without them, as "not measured".
        for (long t = 0; t <= 80; t++) {
            status(t, 350, -10);
        }
        assertThat(samples).extracting(PackSample::ts).containsExactly(60_000L, 70_000L, 80_000L);
        assertThat(samples.get(0).cellVoltageAvg()).isNaN();
        assertThat(samples.get(0).packVoltage()).isEqualTo(350.0);
    }

    @Test
    void framesOfUnknownIdsAreCountedAndIgnored() {
        sampler.accept(new CanFrame(0, 0x7FF, false, false, new byte[8], 8));
        assertThat(sampler.unmappedFrames()).isEqualTo(1);
        assertThat(sampler.frames()).isEqualTo(1);
    }

    @Test
    void aMappingCanFlipTheCurrentSign() throws Exception {
        SignalMapping dischargePositive = SignalMapping.read("flipped.json", new StringReader("""
                {"packVoltage": {"signal": "PackVoltage"},
                 "packCurrent": {"signal": "PackCurrent", "positiveWhen": "discharging"},
                 "soc": {"signal": "PackSoc"},
                 "cellVoltages": {"pattern": "CellVoltage(\\\\d+)", "indexOffset": -1},
                 "cellTemperatures": {"pattern": "CellTemp(\\\\d+)", "indexOffset": -1}}
                """));
        List<PackSample> out = new ArrayList<>();
        PackSampler flipped = new PackSampler(DBC, dischargePositive, 10, out::add);
        flipped.accept(frame("BMS_CellVoltages", 0, Map.of("CellPage", 0.0, "CellVoltage001", 3.7)));
        flipped.accept(frame("BMS_Temperatures", 0, Map.of("TempPage", 0.0, "CellTemp01", 20.0, "CellTemp02", 20.0,
                "CellTemp03", 20.0, "CellTemp04", 20.0, "CellTemp05", 20.0, "CellTemp06", 20.0, "CellTemp07", 20.0)));
        for (long t = 0; t <= 10; t++) {
            flipped.accept(frame("BMS_PackStatus", t * 1_000_000, Map.of("PackVoltage", 350.0, "PackCurrent", 36.0,
                    "PackSoc", 50.0)));
        }
        assertThat(out).hasSize(1);
        assertThat(out.get(0).packCurrent()).isEqualTo(-36.0);
        assertThat(out.get(0).ahDischarged()).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void theReferenceMappingAlsoKeepsInsulationAndFaultsOffTheWire() {
        assertThat(sampler.insulationResistanceKohm()).isNaN();
        sampler.accept(frame("BMS_Isolation", 0, Map.of("IsolationResistance", 850.0, "FaultIsolation", 1.0,
                "FaultOverTemperature", 0.0)));
        assertThat(sampler.insulationResistanceKohm()).isEqualTo(850.0);
        assertThat(sampler.activeFaults()).containsExactly("isolation_fault");
        assertThat(sampler.mapping().faultFlags())
                .containsExactly("over_voltage", "under_voltage", "over_temperature", "isolation_fault");
        assertThat(sampler.faultBits()).isEqualTo(1L << 3);
        sampler.accept(frame("BMS_Isolation", 1_000_000, Map.of("IsolationResistance", 900.0)));
        assertThat(sampler.activeFaults()).as("cleared when the signal drops to 0").isEmpty();
    }

    @Test
    void theReferenceMappingFeedsEveryCellAndSensorOfTheDbc() throws Exception {
        ResolvedMapping resolved = SignalMapping.voltraceReference().resolve(DBC);
        // 96 cells + 16 sensors + voltage, current, SOC, insulation + 4 faults.
        assertThat(resolved.mappedSignals()).isEqualTo(96 + 16 + 4 + 4);
        assertThat(resolved.messages()).extracting(DbcMessage::name)
                .containsExactly("BMS_PackStatus", "BMS_Temperatures", "BMS_CellVoltages", "BMS_Isolation");
        assertThat(resolved.canIds()).containsExactly(new KernelFilter.Id(256, false), new KernelFilter.Id(257, false),
                new KernelFilter.Id(258, false), new KernelFilter.Id(259, false));
    }
}
