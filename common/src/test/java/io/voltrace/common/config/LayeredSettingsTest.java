package io.voltrace.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredSettingsTest {
    @TempDir
    Path dir;

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile() throws Exception {
        Path file = dir.resolve("ingest.properties");
        Files.writeString(file, "mqtt.port=1884\nhttp.port=8080\nbroker.share-group=g1\nblank=\n");
        LayeredSettings s = LayeredSettings.load(file,
                Map.of("VOLTRACE_INGEST_HTTP_PORT", "9090", "VOLTRACE_INGEST_BROKER_SHARE_GROUP", "g2"),
                "VOLTRACE_INGEST", Map.of("broker.share-group", "g3"));
        assertThat(s.getInt("mqtt.port", 0)).isEqualTo(1884);
        assertThat(s.getInt("http.port", 0)).isEqualTo(9090);
        assertThat(s.get("broker.share-group")).isEqualTo("g3");
        assertThat(s.origin("broker.share-group")).isEqualTo("command line");
        assertThat(s.origin("http.port")).isEqualTo("environment VOLTRACE_INGEST_HTTP_PORT");
        assertThat(s.get("blank")).isNull();
        assertThat(s.get("missing", "x")).isEqualTo("x");
    }

    @Test
    void badValuesAndMissingFilesSayWhereAndWhy() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "mqtt.port=eighteen\n");
        LayeredSettings s = LayeredSettings.load(file, Map.of(), "VOLTRACE_INGEST", Map.of());
        assertThatThrownBy(() -> s.getInt("mqtt.port", 0))
                .hasMessageContaining("mqtt.port").hasMessageContaining("bad.properties").hasMessageContaining("eighteen");
        assertThatThrownBy(() -> LayeredSettings.load(dir.resolve("nope.properties"), Map.of(), "X", Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void systemPropertiesSitBetweenTheEnvironmentAndTheFlagsAndTheFileSaysWhichLine() throws Exception {
        Path file = dir.resolve("edge.conf");
        Files.writeString(file, "# comment\nmqtt.server = tcp://a:1883\nspool.dir = C:\\spool\nno equals here\n"
                + "spool.dir = again\n");
        LayeredSettings s = LayeredSettings.load(file, Map.of("VOLTRACE_EDGE_MQTT_SERVER", "tcp://env:1883"),
                "VOLTRACE_EDGE", Map.of("voltrace.edge.mqtt.server", "tcp://prop:1883", "voltrace.edge.x", "1"),
                Map.of());
        assertThat(s.get("mqtt.server")).isEqualTo("tcp://prop:1883");
        assertThat(s.layer("mqtt.server")).isEqualTo(LayeredSettings.Layer.SYSTEM_PROPERTY);
        assertThat(s.origin("mqtt.server")).isEqualTo("system property voltrace.edge.mqtt.server");
        assertThat(s.get("spool.dir")).as("the later line wins, as written").isEqualTo("again");
        assertThat(s.filePlace("spool.dir")).isEqualTo("edge.conf:5");
        assertThat(s.systemPropertyKeys()).containsExactlyInAnyOrder("mqtt.server", "x");
        assertThat(s.problems()).containsExactly("edge.conf:4: expected 'key = value', found 'no equals here'",
                "edge.conf:5: spool.dir is already set at edge.conf:3");
        LayeredSettings flagged = LayeredSettings.load(file, Map.of(), "VOLTRACE_EDGE",
                Map.of("voltrace.edge.mqtt.server", "tcp://prop:1883"), Map.of("mqtt.server", "tcp://flag:1883"));
        assertThat(flagged.get("mqtt.server")).isEqualTo("tcp://flag:1883");
    }
}
