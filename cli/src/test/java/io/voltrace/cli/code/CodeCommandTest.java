package io.voltrace.cli.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.cli.VoltraceCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CodeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = VoltraceCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsTheFieldsAsJson() throws Exception {
        assertThat(run("code", "parse", "VTRPE96DEMO001T5C0000001")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("manufacturer").asText()).isEqualTo("VTR");
        assertThat(json.get("productType").asText()).isEqualTo("pack");
        assertThat(json.get("batteryType").asText()).isEqualTo("E");
        assertThat(json.get("specification").asText()).isEqualTo("96");
        assertThat(json.get("traceability").asText()).isEqualTo("DEMO001");
        assertThat(json.get("productionDate").asText()).isEqualTo("2026-05-12");
        assertThat(json.get("serial").asText()).isEqualTo("0000001");
        assertThat(json.get("valid").asBoolean()).isTrue();
    }

    @Test
    void exitsTwoWithPositionAndRule() throws Exception {
        assertThat(run("code", "parse", "VTRPE96DEMO001TDC0000001")).isEqualTo(2);
        assertThat(err.toString()).contains("position 16").contains("production month");
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("position").asInt()).isEqualTo(16);
        assertThat(json.get("rule").asText()).isEqualTo("production-month");
    }
}
