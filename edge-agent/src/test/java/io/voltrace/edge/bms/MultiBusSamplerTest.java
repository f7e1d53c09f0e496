package io.voltrace.edge.bms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcParser;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One pack model fed by two buses, each decoded with its own DBC and mapping: the same id 0x595 means the pack's
 * voltage and current on bus P and something else on bus C (as on the Kona), so a frame is decoded only with its own
 * bus's DBC; the second bus's partial mapping adds insulation, the BMS's SOH and a fault flag of its own.
 */
class MultiBusSamplerTest {
    static final String P_DBC = """
            VERSION ""
            BO_ 1429 Batt: 8 BMS
             SG_ Volts : 0|16@1+ (0.1,0) [0|1000] "V" X
             SG_ Amps : 16|16@1- (0.1,0) [-1000|1000] "A" X
             SG_ Soc : 32|8@1+ (0.5,0) [0|100] "%" X
             SG_ Overheat : 40|1@1+ (1,0) [0|1] "" X
            """;
    static final String C_DBC = """
            VERSION ""
            BO_ 1429 Other: 8 GW
             SG_ Junk : 0|16@1+ (1,0) [0|65535] "" X
            BO_ 1459 Health: 8 BMS
             SG_ Soh : 0|8@1+ (1,0) [0|127] "%" X
             SG_ IsoFault : 8|1@1+ (1,0) [0|1] "" X
             SG_ Iso : 16|16@1+ (1,0) [0|65535] "kOhm" X
            """;
    static final String P_MAP = """
            {"format": "voltrace-bms-mapping/1",
             "packVoltage": {"signal": "Volts"}, "packCurrent": {"signal": "Amps", "positiveWhen": "charging"},
             "soc": {"signal": "Soc"}, "faults": {"Overheat": "over_temperature"}}
            """;
    static final String C_MAP = """
            {"format": "voltrace-bms-mapping/1", "partial": true,
             "insulationResistance": {"signal": "Iso"}, "soh": {"signal": "Soh"},
             "faults": {"IsoFault": "isolation_fault"}}
            """;

    final List<PackSample> samples = new ArrayList<>();

    static ResolvedMapping resolve(String dbcText, String name, String mappingText) throws Exception {
        DbcDatabase dbc = DbcParser.parse(name + ".dbc", new StringReader(dbcText));
        return SignalMapping.read(name + ".json", new StringReader(mappingText)).resolve(dbc);
    }

    static CanFrame frame(ResolvedMapping bus, String message, long micros, double... values) {
        DbcMessage m = bus.database().messageByName(message);
        byte[] data = new byte[m.length()];
        m.encode(values, data);
        return new CanFrame(micros, m.id(), m.extended(), false, data, data.length);
    }

    @Test
    void eachBusIsDecodedWithItsOwnDbcAndTheModelJoinsThem() throws Exception {
        ResolvedMapping p = resolve(P_DBC, "p", P_MAP);
        ResolvedMapping c = resolve(C_DBC, "c", C_MAP);
        PackSampler sampler = new PackSampler(List.of(p, c), 1, samples::add);
        assertThat(sampler.faultFlags()).containsExactly("over_temperature", "isolation_fault");
        for (int s = 0; s <= 3; s++) {
            long t = 1_000_000_000L + s * 1_000_000L;
            sampler.accept(0, frame(p, "Batt", t, 355.2, -3.4, 80, 0));
            // 0x595 on bus C: 65535 "Junk" would be 6553.5 V read with bus P's DBC.
            sampler.accept(1, frame(c, "Other", t + 100, 65535));
            sampler.accept(1, frame(c, "Health", t + 200, 92, s == 3 ? 1 : 0, 1800));
        }
        assertThat(samples).isNotEmpty().allSatisfy(x -> {
            assertThat(x.packVoltage()).isCloseTo(355.2, within(0.05));
            assertThat(x.packCurrent()).isCloseTo(-3.4, within(0.05));
        });
        assertThat(sampler.insulationResistanceKohm()).isEqualTo(1800.0);
        assertThat(sampler.bmsSoh()).isEqualTo(92.0);
        // Bus C's flag is bit 1 (after bus P's one flag), not bit 0: over_temperature stays clear.
        assertThat(sampler.faultBits()).isEqualTo(0b10);
        assertThat(sampler.activeFaults()).containsExactly("isolation_fault");
    }

    @Test
    void aFieldFromTwoBusesOrFromNoneIsRefusedNamingTheMappings() throws Exception {
        ResolvedMapping p = resolve(P_DBC, "p", P_MAP);
        ResolvedMapping c = resolve(C_DBC, "c", C_MAP);
        assertThatThrownBy(() -> new PackSampler(List.of(p, p), 1, samples::add))
                .hasMessageContaining("packVoltage is mapped on two buses (p.json and p.json)");
        assertThatThrownBy(() -> new PackSampler(List.of(c), 1, samples::add))
                .hasMessageContaining("no bus's mapping gives packVoltage");
    }

    @Test
    void aPartialMappingNeedsNoPackSignalsAndAFullOneStillDoes() throws Exception {
        assertThat(SignalMapping.read("c.json", new StringReader(C_MAP)).partial()).isTrue();
        assertThatThrownBy(() -> SignalMapping.read("x.json", new StringReader(
                "{\"format\": \"voltrace-bms-mapping/1\", \"soc\": {\"signal\": \"Soc\"}}")))
                .hasMessageContaining("packVoltage: missing (required)");
        assertThatThrownBy(() -> SignalMapping.read("x.json", new StringReader(
                "{\"format\": \"voltrace-bms-mapping/1\", \"partial\": \"yes\"}")))
                .hasMessageContaining("partial: must be true or false");
    }
}
