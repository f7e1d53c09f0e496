package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.SelfSignedCertificate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireCodec;
import io.voltrace.ingest.IngestConfig;
import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.BatteryRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The own MQTT endpoint with TLS: a device that verifies the server's certificate gets through; others do not. */
class MqttTlsTest {
    static final String CODE = "VTRPE96DEMO001T5C0000401";

    @TempDir
    Path dir;

    @Test
    void devicesConnectOverVerifiedTlsOnly() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        IngestConfig config = new IngestConfig(dir, "localhost", 0, 0, IngestConfig.Registry.embedded(),
                IngestConfig.Store.embedded(), null, null,
                new IngestConfig.MqttTls(Path.of(certificate.certificatePath()), Path.of(certificate.privateKeyPath())));
        try (IngestService ingest = IngestService.start(config)) {
            ingest.registry().registerDevice("dev-tls", "secret-tls".toCharArray());
            ingest.registry().registerBattery(new BatteryRecord(CODE, "dev-tls", Chemistry.NMC, 60, 96, "t",
                    Instant.now()));
            assertThat(ingest.mqttUri()).startsWith("ssl://");

            MqttClient trusted = new MqttClient(ingest.mqttUri(), "dev-tls", new MemoryPersistence());
            trusted.connect(options(trusting(Path.of(certificate.certificatePath()))));
            long ts = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
            byte[] payload = WireCodec.encode(new TelemetryBatch(1, "dev-tls", CODE, 0, List.of(
                    new PackSample(ts, 350, -10, 50, 1, 2, 3.6, 3.7, 3.65, 20, 22))));
            IMqttToken token = trusted.getTopic(Topics.telemetry("dev-tls")).publish(new MqttMessage(payload, 1, false, null));
            token.waitForCompletion(10_000);
            assertThat(token.getReasonCodes()[0]).isZero();
            trusted.disconnect();
            ingest.telemetry().awaitApplied(Duration.ofSeconds(30));
            assertThat(ingest.telemetry().count(CODE)).isEqualTo(1);

            // The JVM's default trust store does not know this server: verification fails, nothing is sent.
            MqttClient unverified = new MqttClient(ingest.mqttUri(), "dev-tls", new MemoryPersistence());
            assertThatThrownBy(() -> unverified.connect(options(null))).isInstanceOf(MqttException.class);
            // Plain TCP to a TLS port is not MQTT either.
            MqttClient plain = new MqttClient(ingest.mqttUri().replace("ssl://", "tcp://"), "dev-tls",
                    new MemoryPersistence());
            assertThatThrownBy(() -> plain.connect(options(null))).isInstanceOf(MqttException.class);
        }
    }

    private static MqttConnectionOptions options(SSLContext tls) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("dev-tls");
        o.setPassword("secret-tls".getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(5);
        if (tls != null) {
            o.setSocketFactory(tls.getSocketFactory());
        }
        return o;
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("ingest", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
