package io.voltrace.edge.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.edge.sim.DiagBmsSimulator;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped definitions, checked on responses built from them (there is no public capture of these responses in
 * the shared data) and at the offsets their public sources give.
 */
class PollDefinitionsTest {

    static BmsReadings truth(int cells, int sensors) {
        BmsReadings t = new BmsReadings();
        for (int i = 0; i < cells; i++) {
            t.set(BmsTarget.CELL_VOLTAGES, i, 3.70 + 0.002 * (i % 20));
        }
        for (int i = 0; i < sensors; i++) {
            t.set(BmsTarget.CELL_TEMPERATURES, i, 20 + i);
        }
        t.set(BmsTarget.PACK_VOLTAGE, 0, 362.4);
        t.set(BmsTarget.PACK_CURRENT, 0, -12.3);
        t.set(BmsTarget.SOC, 0, 81.5);
        t.set(BmsTarget.SOH, 0, 92.5);
        t.set(BmsTarget.CAPACITY_AH, 0, 55.4321);
        t.set(BmsTarget.INSULATION_KOHM, 0, 1000);
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyundai-kona-ev", "nissan-leaf-aze0", "renault-zoe-gen1"})
    void everyShippedDefinitionRoundTripsItsBmsFields(String name) throws Exception {
        PollDefinition d = PollDefinition.shipped(name);
        assertThat(d.sources()).isNotEmpty();
        int cells = name.equals("hyundai-kona-ev") ? 98 : 96;
        BmsReadings t = truth(cells, 12);
        BmsReadings snapshot = new BmsReadings();
        for (PollRequest r : d.requests()) {
            byte[] payload = DiagBmsSimulator.response(r, t);
            assertThat(d.answered(r.module(), payload)).isSameAs(r);
            snapshot.merge(DiagResponse.decode(0, r, payload).bms());
        }
        double[] v = snapshot.cellVoltages();
        assertThat(v).hasSize(cells);
        for (int i = 0; i < cells; i++) {
            // Kona states cells in 20 mV steps, the others in mV.
            assertThat(v[i]).as("cell " + (i + 1)).isCloseTo(t.cellVoltages()[i], within(0.0101));
        }
        assertThat(snapshot.cellTemperatures()).isNotEmpty();
        assertThat(snapshot.cellTemperatures()[0]).isEqualTo(20.0);
    }

    @Test
    void konaOffsetsMatchTheirSources() throws Exception {
        PollDefinition kona = PollDefinition.shipped("hyundai-kona-ev");
        PollRequest p0101 = kona.requests().get(0);
        assertThat(p0101.requestPayload()).containsExactly(0x22, 0x01, 0x01);
        // 62 01 01 then data: SOC byte 4 (Torque "e"), current 10-11 signed (K, L), voltage 12-13 (M, N),
        // isolation 57-58 (BF, BG).
        byte[] payload = new byte[3 + 61];
        payload[0] = 0x62;
        payload[1] = 0x01;
        payload[2] = 0x01;
        payload[3 + 4] = (byte) 163;            // 81.5 %
        payload[3 + 10] = (byte) 0xFF;          // -12.3 A = 123 A discharging ... -> raw -123
        payload[3 + 11] = (byte) 0x85;
        payload[3 + 12] = 0x0E;                 // 0x0E28 = 3624 -> 362.4 V
        payload[3 + 13] = 0x28;
        payload[3 + 57] = 0x03;                 // 1000 kOhm
        payload[3 + 58] = (byte) 0xE8;
        DiagResponse r = DiagResponse.decode(0, p0101, payload);
        assertThat(r.bms().scalar(BmsTarget.SOC)).isEqualTo(81.5);
        assertThat(r.bms().scalar(BmsTarget.PACK_CURRENT)).isCloseTo(12.3, within(1e-9)); // discharge -> charge +
        assertThat(r.bms().scalar(BmsTarget.PACK_VOLTAGE)).isCloseTo(362.4, within(1e-9));
        assertThat(r.bms().scalar(BmsTarget.INSULATION_KOHM)).isEqualTo(1000.0);
    }

    @Test
    void zoeOffsetsMatchCanZeBits() throws Exception {
        PollDefinition zoe = PollDefinition.shipped("renault-zoe-gen1");
        PollRequest soh = zoe.requests().stream().filter(r -> r.pid() == 0x61).findFirst().orElseThrow();
        byte[] payload = new byte[20];
        payload[0] = 0x61;
        payload[1] = 0x61;
        payload[72 / 8] = (byte) 185; // CanZE bits 72-79, 0.5 %/bit
        assertThat(DiagResponse.decode(0, soh, payload).bms().scalar(BmsTarget.SOH)).isEqualTo(92.5);
        PollRequest temps = zoe.requests().stream().filter(r -> r.pid() == 0x04).findFirst().orElseThrow();
        byte[] t = new byte[40];
        t[0] = 0x61;
        t[1] = 0x04;
        t[32 / 8] = 60;  // cell 1 temperature, bits 32-39, offset 40
        t[296 / 8] = 65; // cell 12, bits 296-303
        double[] c = DiagResponse.decode(0, temps, t).bms().cellTemperatures();
        assertThat(c[0]).isEqualTo(20.0);
        assertThat(c[11]).isEqualTo(25.0);
    }

    @Test
    void aResponseShorterThanTheLayoutLeavesTheMissingValuesOut() throws Exception {
        PollRequest cells = PollDefinition.shipped("nissan-leaf-aze0").requests().get(1);
        byte[] payload = {0x61, 0x02, 0x0F, (byte) 0xA0, (byte) 0xFF, (byte) 0xFF, 0x0F};
        DiagResponse r = DiagResponse.decode(0, cells, payload);
        double[] v = r.bms().cellVoltages();
        assertThat(v[0]).isEqualTo(4.0);
        assertThat(v).hasSize(1); // cell 2 reads 0xFFFF (not measured), cell 3 is cut short
        assertThat(((double[]) r.values().get("cells"))[1]).isNaN();
    }

    @Test
    void badDefinitionsNameEveryProblemAndPlace() {
        String text = """
                { "format": "voltrace-poll/1", "modules": [ { "name": "BMS", "request": "0x7E4", "response": "0x8FF",
                  "polls": [ { "service": "0x22", "pid": "0x01", "every": { "idle": 5 },
                     "values": [ { "name": "x", "at": 0, "bytes": 9, "bms": "cellVoltage" } ] } ] } ] }
                """;
        assertThatThrownBy(() -> PollDefinitionReader.read("bad", new StringReader(text)))
                .isInstanceOf(PollDefinitionException.class)
                .hasMessageContaining("bad: modules[0].response: expected hex")
                .hasMessageContaining("bad: modules[0].polls[0].pid: a UDS 0x22 data identifier has 4 hex digits")
                .hasMessageContaining("every.idle: unknown state")
                .hasMessageContaining("values[0].bytes: an integer in 1..4")
                .hasMessageContaining("unknown BMS field 'cellVoltage'");
        assertThatThrownBy(() -> PollDefinition.named("no-such-car"))
                .hasMessageContaining("neither a shipped poll definition");
    }
}
