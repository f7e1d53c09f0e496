package io.voltrace.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.voltrace.ingest.validation.TelemetryValidator;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A device's connection that closes while its login is being accepted must not stay a session. Found by
 * {@link MqttEndpointFuzzTest} on a loaded machine: one device stayed "connected" forever after every connection had
 * closed, because the endpoint's close handler ran before the session was put in the map (Vert.x writes the CONNACK,
 * and marks the endpoint connected, even when the connection has closed). Here the close is made to happen at exactly
 * that moment: the endpoint runs its close handler from inside {@code accept}.
 */
class SessionCloseRaceTest {
    @Test
    void aConnectionClosedWhileItsLoginIsAcceptedLeavesNoSession() throws Exception {
        Vertx vertx = Vertx.vertx();
        WriteBatcher batcher = new WriteBatcher(batches -> { }, 1_000, 5);
        MqttIntake intake = new MqttIntake(vertx, (device, secret) -> "dev-1".equals(device)
                ? Optional.of(Set.of(MqttIntakeTest.B1)) : Optional.empty(), batcher,
                TelemetryValidator.withDefaults(), (device, topic, reason, detail, payload) -> { });
        try {
            intake.start("127.0.0.1", 0).await(10, TimeUnit.SECONDS);
            CountDownLatch accepted = new CountDownLatch(1);
            MqttEndpoint endpoint = closingWhileAccepted(accepted);
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> intake.onConnect(endpoint));
            assertThat(accepted.await(10, TimeUnit.SECONDS)).as("the login reached accept").isTrue();
            // The login's callback runs on this context: a task queued now runs after it has finished.
            CountDownLatch after = new CountDownLatch(1);
            context.runOnContext(v -> after.countDown());
            assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(intake.pendingLogins()).isZero();
            assertThat(intake.connectedDevices()).as("sessions left by a closed connection").isZero();
        } finally {
            intake.stop().await(10, TimeUnit.SECONDS);
            batcher.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** An MQTT 5 endpoint of device dev-1 whose connection closes (its close handler runs) as it is accepted. */
    private static MqttEndpoint closingWhileAccepted(CountDownLatch accepted) {
        AtomicReference<Handler<Void>> closeHandler = new AtomicReference<>();
        MqttAuth auth = new MqttAuth("dev-1", "secret-1");
        return (MqttEndpoint) Proxy.newProxyInstance(MqttEndpoint.class.getClassLoader(),
                new Class<?>[] {MqttEndpoint.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "auth":
                            return auth;
                        case "clientIdentifier":
                            return "dev-1";
                        case "protocolVersion":
                            return 5;
                        case "isConnected":
                            return true; // as Vert.x says after writing the CONNACK, closed or not
                        case "closeHandler":
                            @SuppressWarnings("unchecked") Handler<Void> h = (Handler<Void>) args[0];
                            closeHandler.set(h);
                            return proxy;
                        case "accept":
                            closeHandler.get().handle(null);
                            accepted.countDown();
                            return proxy;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        case "toString":
                            return "endpoint closing while accepted";
                        default:
                            return method.getReturnType() == MqttEndpoint.class ? proxy : null;
                    }
                });
    }
}
