package io.voltrace.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EvidenceCodecTest {
    private static final String BATTERY = "VTRPE96DEMO001T5C0000001";

    @Test
    void roundTripsBothTypes() throws Exception {
        HealthEvidence insulation = HealthEvidence.insulation("veh-1", BATTERY, 1_700_000_000_000L, 41.5, 355.0);
        HealthEvidence fault = HealthEvidence.fault("veh-1", BATTERY, 1_700_000_001_000L, "isolation_fault", true);
        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(insulation))).isEqualTo(insulation);
        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(fault))).isEqualTo(fault);
        HealthEvidence event = HealthEvidence.negativeEvent("veh-1", BATTERY, "OVER_VOLTAGE", 1_700_000_002_000L,
                1_700_000_002_900L, 4.27);
        HealthEvidence step = HealthEvidence.currentStep("veh-1", BATTERY, 1_700_000_003_000L, 0.0012, -2.0, -95.5,
                0.1, 24.0, 3.81);
        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(event))).isEqualTo(event);
        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(step))).isEqualTo(step);
        // Fields of the other type are left out, so the message reads plainly.
        assertThat(new String(EvidenceCodec.encode(fault), StandardCharsets.UTF_8))
                .startsWith("{\"schema\":1,").doesNotContain("insulationKohm").contains("\"active\":true");
    }

    @Test
    void bmsHealthCarriesTheBmsOwnFiguresEitherOrBoth() throws Exception {
        HealthEvidence both = HealthEvidence.bmsHealth("veh-1", BATTERY, 1_700_000_004_000L, 92.0, 166.4);
        HealthEvidence sohOnly = HealthEvidence.bmsHealth("veh-1", BATTERY, 1_700_000_005_000L, 110.5, null);
        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(both))).isEqualTo(both);
        assertThat(EvidenceCodec.decode(EvidenceCodec.encode(sohOnly))).isEqualTo(sohOnly);
        assertThat(new String(EvidenceCodec.encode(sohOnly), StandardCharsets.UTF_8))
                .contains("\"type\":\"BMS_HEALTH\"", "\"soh\":110.5").doesNotContain("capacityAh");
        // The other types carry no BMS figures.
        assertThat(new String(EvidenceCodec.encode(HealthEvidence.fault("veh-1", BATTERY, 5, "x", true)),
                StandardCharsets.UTF_8)).doesNotContain("soh");
    }

    @Test
    void rejectsBmsHealthWithoutFiguresOrOutOfRange() {
        assertRejected(json(1, "\"type\":\"BMS_HEALTH\""), "needs soh (percent) or capacityAh");
        assertRejected(json(1, "\"type\":\"BMS_HEALTH\",\"soh\":-1"), "soh must be a percentage");
        assertRejected(json(1, "\"type\":\"BMS_HEALTH\",\"soh\":250"), "soh must be a percentage");
        assertRejected(json(1, "\"type\":\"BMS_HEALTH\",\"capacityAh\":0"), "capacityAh must be > 0");
        assertRejected(json(1, "\"type\":\"BMS_HEALTH\",\"soh\":90,\"ohms\":1"), "fields of another type");
        assertRejected(json(1, "\"type\":\"INSULATION\",\"insulationKohm\":10,\"soh\":90"),
                "fields of another type");
        assertRejected(json(1, "\"type\":\"BMS_HEALTH\",\"soh\":\"90\""), "not an evidence message");
    }

    @Test
    void rejectsMalformedEvidenceNamingTheField() {
        assertRejected("", "empty payload");
        assertRejected("not json", "evidence is JSON");
        assertRejected("{\"schema\":1,\"device\":\"d\"", "not an evidence message");
        assertRejected(json(2, "\"type\":\"FAULT\",\"name\":\"x\",\"active\":true"), "unknown evidence schema version 2");
        assertRejected(json(1, "\"type\":\"SMOKE\""), "not an evidence message");
        assertRejected(json(1, "\"type\":\"INSULATION\""), "insulationKohm");
        assertRejected(json(1, "\"type\":\"INSULATION\",\"insulationKohm\":-1"), "insulationKohm");
        assertRejected(json(1, "\"type\":\"INSULATION\",\"insulationKohm\":10,\"packVoltage\":0"), "packVoltage");
        assertRejected(json(1, "\"type\":\"INSULATION\",\"insulationKohm\":10,\"active\":true"), "fields of another type");
        assertRejected(json(1, "\"type\":\"FAULT\",\"name\":\"x\",\"active\":true,\"ohms\":1"), "fields of another type");
        assertRejected(json(1, "\"type\":\"NEGATIVE_EVENT\",\"name\":\"SMOKE\",\"endTs\":6,\"extreme\":1"), "one of");
        assertRejected(json(1, "\"type\":\"NEGATIVE_EVENT\",\"name\":\"OVER_VOLTAGE\",\"endTs\":4,\"extreme\":1"), "endTs ≥ ts");
        assertRejected(json(1, "\"type\":\"NEGATIVE_EVENT\",\"name\":\"OVER_VOLTAGE\",\"endTs\":6"), "extreme");
        String step = "\"type\":\"CURRENT_STEP\",\"ohms\":0.001,\"fromAmps\":1,\"toAmps\":%s,\"seconds\":%s,\"cellVolts\":3.7";
        assertRejected(json(1, String.format(step, "1", "0.1")), "fromAmps ≠ toAmps");
        assertRejected(json(1, String.format(step, "50", "0")), "seconds > 0");
        assertRejected(json(1, String.format(step, "50", "0.1") + ",\"name\":\"x\""), "fields of another type");
        assertRejected(json(1, "\"type\":\"FAULT\",\"active\":true"), "FAULT needs a name");
        assertRejected(json(1, "\"type\":\"FAULT\",\"name\":\"a b\",\"active\":true"), "FAULT needs a name");
        assertRejected(json(1, "\"type\":\"FAULT\",\"name\":\"x\""), "FAULT needs active");
        assertRejected(json(1, "\"type\":\"FAULT\",\"name\":\"x\",\"active\":true,\"colour\":1"), "colour");
        assertRejected("{\"schema\":1,\"device\":\"d\",\"battery\":\"b\",\"ts\":0,\"type\":\"FAULT\",\"name\":\"x\","
                + "\"active\":true}", "ts must be");
        assertRejected("{\"schema\":1,\"device\":\"\",\"battery\":\"b\",\"ts\":5,\"type\":\"FAULT\",\"name\":\"x\","
                + "\"active\":true}", "lacks device");
    }

    @Test
    void evidenceTopicNamesTheDevice() {
        assertThat(Topics.evidence("veh-1")).isEqualTo("voltrace/v1/veh-1/evidence");
        assertThat(Topics.deviceOfEvidence("voltrace/v1/veh-1/evidence")).isEqualTo("veh-1");
        assertThat(Topics.deviceOfEvidence("voltrace/v1/veh-1/telemetry")).isNull();
        assertThat(Topics.deviceOfEvidence("voltrace/v1/a/b/evidence")).isNull();
        assertThat(Topics.deviceOfTelemetry("voltrace/v1/veh-1/evidence")).isNull();
    }

    private static String json(int schema, String rest) {
        return "{\"schema\":" + schema + ",\"device\":\"d\",\"battery\":\"b\",\"ts\":5," + rest + "}";
    }

    private static void assertRejected(String payload, String reason) {
        assertThatThrownBy(() -> EvidenceCodec.decode(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining(reason);
    }
}
