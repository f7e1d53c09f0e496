package io.voltrace.edge.bms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcParser;
import io.voltrace.edge.dbc.DbcSignal;
import io.voltrace.edge.dbc.SharedData;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped vehicle mappings against the real DBCs in the shared data (read in place; skipped with a notice where
 * absent): each resolves, every mapped signal decodes from frames encoded with that DBC into the right field with the
 * right value and sign, and the Kona mapping turns a real Kona capture into plausible samples.
 */
class VehicleMappingsTest {

    static DbcDatabase dbc(String relative) throws Exception {
        Path root = SharedData.require("vehicle-dbc");
        return DbcParser.parse(root.resolve(relative));
    }

    static ResolvedMapping resolve(String mapping, DbcDatabase dbc) throws MappingException {
        return SignalMapping.shipped(mapping).resolve(dbc);
    }

    static CanFrame frame(DbcMessage m, long micros, Map<String, Double> values) {
        byte[] data = m.encode(values);
        return new CanFrame(micros, m.id(), m.extended(), m.fd(), data, data.length);
    }

    // ---- the generic check: every mapped signal of every message, page by page

    /** A raw value for a signal, spread over its range, never 0 and never one the slot calls invalid. */
    static long rawFor(DbcSignal s, Slot slot, int salt) {
        int bits = Math.min(s.length(), 30);
        long span = s.signed() ? 1L << (bits - 1) : 1L << bits;
        long raw = Math.floorMod(s.name().hashCode() ^ salt * 0x9E3779B1L, Math.max(1, span - 1)) + 1;
        if (s.length() == 1) {
            raw = (s.name().hashCode() + salt) & 1;
        }
        if (s.signed() && ((s.name().hashCode() + salt) & 1) == 1 && s.length() > 1) {
            raw = -raw;
        }
        while (slot.invalid(raw)) {
            raw = raw > 1 ? raw - 1 : raw + 1;
        }
        return raw;
    }

    /** Checks each mapped signal lands where the slots say, with the mapping's scale, offset and sign applied. */
    static int feedEveryMappedSignal(ResolvedMapping resolved, int salt) {
        PackSampler sampler = new PackSampler(resolved, 3600, s -> { });
        long t = 0;
        int checked = 0;
        for (DbcMessage m : resolved.messages()) {
            Slot[] slots = resolved.slots(m);
            TreeSet<Long> pages = new TreeSet<>();
            for (int i = 0; i < slots.length; i++) {
                DbcSignal s = m.signals().get(i);
                if (slots[i].field != BmsField.IGNORED && s.isMultiplexed()) {
                    s.multiplexerRanges().forEach(r -> pages.add(r.from()));
                }
            }
            if (pages.isEmpty()) {
                pages.add(0L);
            }
            for (long page : pages) {
                Map<String, Double> values = new HashMap<>();
                Map<Integer, Double> expected = new LinkedHashMap<>();
                if (m.multiplexer() != null) {
                    values.put(m.multiplexer().name(), (double) page);
                }
                for (int i = 0; i < slots.length; i++) {
                    DbcSignal s = m.signals().get(i);
                    Slot slot = slots[i];
                    if (slot.field == BmsField.IGNORED || !s.isOnPage(page) || i == m.multiplexerIndex()) {
                        continue;
                    }
                    long raw = rawFor(s, slot, salt);
                    double physical = raw * s.factor() + s.offset();
                    values.put(s.name(), physical);
                    expected.put(i, slot.field == BmsField.FAULT
                            ? (slot.faultActive(raw) ? 1.0 : 0.0)
                            : physical * slot.scale + slot.offset);
                }
                t += 2_000_000;
                sampler.accept(frame(m, t, values));
                for (Map.Entry<Integer, Double> e : expected.entrySet()) {
                    Slot slot = slots[e.getKey()];
                    String what = m.name() + "." + m.signals().get(e.getKey()).name() + " -> " + slot;
                    assertThat(state(sampler, slot)).as(what).isCloseTo(e.getValue(), within(1e-6));
                    checked++;
                }
            }
        }
        assertThat(sampler.invalidReadings()).isZero();
        assertThat(sampler.rateLimitedReadings()).isZero();
        return checked;
    }

    static double state(PackSampler sampler, Slot slot) {
        return switch (slot.field) {
            case PACK_VOLTAGE, PACK_CURRENT, SOC, INSULATION_RESISTANCE -> sampler.value(slot.field);
            case CELL_VOLTAGE -> sampler.cellVoltage(slot.index);
            case CELL_TEMPERATURE -> sampler.cellTemperature(slot.index);
            case FAULT -> (sampler.faultBits() >>> slot.index) & 1;
            default -> throw new AssertionError("unexpected " + slot);
        };
    }

    static void everyMappedSignalLands(ResolvedMapping resolved) {
        int checked = feedEveryMappedSignal(resolved, 1) + feedEveryMappedSignal(resolved, 2);
        assertThat(checked).isEqualTo(2 * resolved.mappedSignals());
    }

    // ---- per vehicle

    @Test
    void teslaModel3() throws Exception {
        DbcDatabase dbc = dbc("model3dbc/Model3CAN.dbc");
        ResolvedMapping resolved = resolve("tesla-model3", dbc);
        assertThat(resolved.mappedSignals()).isEqualTo(4 + 108 + 2 + 7);
        everyMappedSignalLands(resolved);

        PackSampler sampler = new PackSampler(resolved, 1, s -> { });
        sampler.accept(frame(dbc.messageByName("ID132HVBattAmpVolt"), 0,
                Map.of("BattVoltage132", 351.27, "SmoothBattCurrent132", 85.3)));
        assertThat(sampler.value(BmsField.PACK_VOLTAGE)).isCloseTo(351.27, within(1e-9));
        assertThat(sampler.value(BmsField.PACK_CURRENT)).as("driving: out of the pack").isCloseTo(-85.3, within(1e-9));
        DbcMessage cells = dbc.messageByName("ID401CellVoltages");
        sampler.accept(frame(cells, 0, Map.of("MultiplexSelector", 11.0, "Cell33", 3.3033, "Cell34", 3.4034,
                "Cell35", 3.5035)));
        sampler.accept(frame(cells, 0, Map.of("MultiplexSelector", 0.0, "Cell0", 3.9, "Cell1", 3.91, "Cell2", 3.92)));
        sampler.accept(frame(cells, 0, Map.of("MultiplexSelector", 35.0, "Cell105", 4.05, "Cell106", 4.06,
                "Cell107", 4.07)));
        assertThat(sampler.cellVoltage(33)).as("page 11 sends Cell34 first").isCloseTo(3.3033, within(1e-9));
        assertThat(sampler.cellVoltage(34)).isCloseTo(3.4034, within(1e-9));
        assertThat(sampler.cellVoltage(0)).isCloseTo(3.9, within(1e-9));
        assertThat(sampler.cellVoltage(107)).isCloseTo(4.07, within(1e-9));
        sampler.accept(frame(dbc.messageByName("ID212BMS_status"), 0, Map.of("BMS_isolationResistance", 4500.0)));
        assertThat(sampler.insulationResistanceKohm()).isEqualTo(4500.0);
    }

    @Test
    void chevroletBoltEv() throws Exception {
        DbcDatabase dbc = dbc("opendbc/gm_global_a_high_voltage_management.dbc");
        ResolvedMapping resolved = resolve("chevrolet-bolt-ev", dbc);
        assertThat(resolved.mappedSignals()).isEqualTo(2 + 96 + 9);
        assertThat(resolved.hasSoc()).isFalse();
        everyMappedSignalLands(resolved);

        PackSampler sampler = new PackSampler(resolved, 1, s -> { });
        sampler.accept(frame(dbc.messageByName("Pack_Stats"), 0, Map.of("Pack_Voltage", 372.5, "Pack_Current", 5.0)));
        assertThat(sampler.value(BmsField.PACK_VOLTAGE)).isEqualTo(372.5);
        assertThat(sampler.value(BmsField.PACK_CURRENT)).isCloseTo(-5.0, within(1e-9));
        sampler.accept(frame(dbc.messageByName("Battery_Module_2"), 0, Map.of("Cell_Bank_Number_2", 3.0,
                "Voltage_2_3_A", 3.80, "Voltage_2_3_B", 3.81, "Voltage_2_3_C", 3.82)));
        assertThat(sampler.cellVoltage(24 + 9 + 1)).isCloseTo(3.81, within(1e-9));
        sampler.accept(frame(dbc.messageByName("Battery_temp"), 0, Map.of("Switch", 1.0, "Temp_I", 31.5)));
        assertThat(sampler.cellTemperature(8)).isEqualTo(31.5);
    }

    @Test
    void nissanLeafAze0() throws Exception {
        DbcDatabase dbc = dbc("leaf_can_bus_messages/EV-can_AZE0.dbc");
        ResolvedMapping resolved = resolve("nissan-leaf-aze0", dbc);
        assertThat(resolved.mappedSignals()).isEqualTo(3 + 2 + 5);
        everyMappedSignalLands(resolved);

        PackSampler sampler = new PackSampler(resolved, 1, s -> { });
        sampler.accept(frame(dbc.messageByName("x1DB"), 0, Map.of("LB_Total_Voltage", 380.5, "LB_Current", 42.5,
                "LB_Failsafe_Status", 5.0, "LB_INTER_LOCK", 1.0)));
        assertThat(sampler.value(BmsField.PACK_CURRENT)).as("charging").isEqualTo(42.5);
        assertThat(sampler.activeFaults()).containsExactly("caution_lamp");
        sampler.accept(frame(dbc.messageByName("x55B"), 0, Map.of("LB_SOC", 874.0)));
        assertThat(sampler.value(BmsField.SOC)).isCloseTo(87.4, within(1e-9));
        sampler.accept(frame(dbc.messageByName("x55B"), 1_000_000, Map.of("LB_SOC", 1023.0)));
        assertThat(sampler.value(BmsField.SOC)).as("1023 = not available").isCloseTo(87.4, within(1e-9));
        // Page 1 is the maximum; raw 65 is 25 degC at 1 degC per bit (the DBC's 0.5 would say -7.5).
        sampler.accept(frame(dbc.messageByName("x5C0"), 0, Map.of("LB_Historical_Data_Swich_Flag", 1.0,
                "LB_HistData_Temperature_MAX", 65 * 0.5 - 40)));
        assertThat(sampler.cellTemperature(1)).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void hyundaiKonaEv() throws Exception {
        DbcDatabase dbc = dbc("kona_ev_dbc/pcan.dbc");
        ResolvedMapping resolved = resolve("hyundai-kona-ev", dbc);
        assertThat(resolved.mappedSignals()).isEqualTo(3);
        assertThat(resolved.messages()).extracting(DbcMessage::name).containsExactly("BMS_542", "Batt_HV_Status");
        everyMappedSignalLands(resolved);

        PackSampler sampler = new PackSampler(resolved, 1, s -> { });
        sampler.accept(frame(dbc.messageByName("Batt_HV_Status"), 0, Map.of("VBatt", 355.1, "IBatt", 3.4)));
        sampler.accept(frame(dbc.messageByName("BMS_5D6"), 0, Map.of("IBatt", 99.0)));
        assertThat(sampler.value(BmsField.PACK_CURRENT)).as("0x595 only, flipped").isCloseTo(-3.4, within(1e-9));
    }

    /** The real Kona capture (SavvyCAN CSV, bus 0 = P-CAN): power on, ready, power off. */
    @Test
    void hyundaiKonaCaptureGivesPlausibleSamples() throws Exception {
        Path capture = SharedData.require("can-logs/kona_ev_logs")
                .resolve("230112-7-2019-pcan-ccan-power-off-on-ready-off.csv");
        ResolvedMapping resolved = resolve("hyundai-kona-ev", dbc("kona_ev_dbc/pcan.dbc"));
        List<PackSample> samples = new ArrayList<>();
        PackSampler sampler = new PackSampler(resolved, 0.5, samples::add);
        long fed = 0;
        try (BufferedReader in = Files.newBufferedReader(capture, StandardCharsets.US_ASCII)) {
            String header = in.readLine();
            assertThat(header).startsWith("Time Stamp,ID,Extended,Bus,LEN");
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(",");
                if (!f[3].equals("0")) {
                    continue; // bus 1 is C-CAN
                }
                int len = Integer.parseInt(f[4]);
                byte[] data = new byte[len];
                for (int i = 0; i < len; i++) {
                    data[i] = (byte) Integer.parseInt(f[5 + i], 16);
                }
                sampler.accept(new CanFrame(Long.parseLong(f[0]), Integer.parseInt(f[1], 16),
                        Boolean.parseBoolean(f[2]), false, data, len));
                fed++;
            }
        }
        assertThat(fed).isGreaterThan(20_000);
        assertThat(sampler.unmappedFrames()).isLessThan(fed);
        assertThat(samples).hasSizeGreaterThan(10);
        for (PackSample s : samples) {
            assertThat(s.packVoltage()).isBetween(340.0, 370.0);
            assertThat(s.soc()).isCloseTo(36.5, within(1e-9));
            assertThat(s.packCurrent()).as("parked or ready: small, out of the pack").isBetween(-10.0, 0.5);
        }
        PackSample last = samples.get(samples.size() - 1);
        assertThat(last.ahDischarged()).as("the 12 V converter draws a few A in ready").isBetween(1e-4, 0.05);
        assertThat(last.ahCharged()).isLessThan(last.ahDischarged() / 10);
        System.out.printf("Kona capture: %d P-CAN frames, %d samples, last %.1f V %.1f A SOC %.1f %%,"
                        + " %.4f Ah out, %.4f Ah in%n", fed, samples.size(), last.packVoltage(), last.packCurrent(),
                last.soc(), last.ahDischarged(), last.ahCharged());
    }
}
