package io.voltrace.cli.demo;

import io.voltrace.common.wire.EvidenceCodec;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.WireFormat;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.mqtt.MqttLinkConfig;
import io.voltrace.edge.spool.FsyncPolicy;
import io.voltrace.edge.spool.RecordKind;
import io.voltrace.edge.spool.Spool;
import io.voltrace.edge.spool.SpoolConfig;
import io.voltrace.edge.spool.SpoolStats;
import io.voltrace.edge.telemetry.SpoolPayloads;
import io.voltrace.edge.telemetry.SpoolUplink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One demo vehicle's delivery path, assembled as the edge agent assembles its own: samples are appended to a durable
 * {@link Spool}, and a {@link SpoolUplink} delivers the spool over an {@link MqttLink}, removing records only once
 * their PUBACK (sent by the ingest after the data is stored) has arrived. A dropped connection costs nothing: the
 * uplink sends again, in order, what was not acknowledged.
 */
final class VehicleUplink implements AutoCloseable {
    /** Up to ten samples a message, as the agent sends by default. */
    static final int SAMPLES_PER_MESSAGE = 10;
    /** The agent's default policy: one forced write a second per vehicle costs the demo next to nothing. */
    static final FsyncPolicy FSYNC = FsyncPolicy.every(Duration.ofSeconds(1));
    /** A bound a run never reaches (a month of samples is about 6 MB): a dropped record would be an error. */
    private static final long SPOOL_BYTES = 1L << 30;
    private static final long SEGMENT_BYTES = 4L << 20;

    private final Vehicle vehicle;
    private final Path dir;
    private final Spool spool;
    private final SpoolUplink uplink;
    private final MqttLink link;

    private VehicleUplink(Vehicle vehicle, Path dir, Spool spool, SpoolUplink uplink, MqttLink link) {
        this.vehicle = vehicle;
        this.dir = dir;
        this.spool = spool;
        this.uplink = uplink;
        this.link = link;
    }

    /** Opens the vehicle's spool in {@code dir} and starts delivering it to {@code mqttUri}. */
    static VehicleUplink start(String mqttUri, Vehicle vehicle, Path dir) throws IOException {
        Spool spool = Spool.open(new SpoolConfig(dir, SPOOL_BYTES, SEGMENT_BYTES, FSYNC));
        try {
            SpoolUplink uplink = new SpoolUplink(spool, new SpoolUplink.Settings(vehicle.deviceId(), WireFormat.JSON,
                    SAMPLES_PER_MESSAGE, Duration.ofMillis(200), 256 << 10, dir.resolve("refused")));
            MqttLink link = new MqttLink(MqttLinkConfig.plain(mqttUri, vehicle.deviceId(), vehicle.secret())
                    .withMaxInFlight(64).withReconnect(Duration.ofMillis(100), Duration.ofSeconds(2)), uplink);
            uplink.start(link);
            link.start();
            return new VehicleUplink(vehicle, dir, spool, uplink, link);
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /** Keeps a sample in the spool; the uplink takes it from there. */
    void append(PackSample s) throws IOException {
        if (spool.append(RecordKind.PACK_SAMPLE, vehicle.batteryCode(), s.ts(), SpoolPayloads.encode(s)) < 0) {
            throw new IOException(vehicle.deviceId() + ": the spool in " + dir + " is full; a sample was not kept");
        }
    }

    /** Keeps a health-evidence record (or, {@code event}, a safety event) in the spool, never dropped for room. */
    void append(HealthEvidence evidence, boolean event) throws IOException {
        if (spool.append(event ? RecordKind.EVENT : RecordKind.EVIDENCE, vehicle.batteryCode(), evidence.ts(),
                EvidenceCodec.encode(evidence)) < 0) {
            throw new IOException(vehicle.deviceId() + ": the spool in " + dir + " refused health evidence");
        }
    }

    /**
     * Sends what the spool holds and waits until all of it is acknowledged.
     *
     * @throws IOException when that does not happen within the timeout (the records stay in the spool), or when the
     *                     spool had to drop or refuse a record
     */
    void deliverAll(Duration timeout) throws IOException, InterruptedException {
        if (!uplink.drain(timeout)) {
            throw new IOException(vehicle.deviceId() + ": not every spooled record was acknowledged within "
                    + timeout.toSeconds() + " s (MQTT " + link.config().serverUri() + ", last problem: "
                    + link.lastProblem() + "); the spool in " + dir + " keeps them");
        }
        SpoolStats s = spool.stats();
        if (s.droppedRecords() > 0 || s.refusedRecords() > 0) {
            throw new IOException(vehicle.deviceId() + ": the spool in " + dir + " dropped " + s.droppedRecords()
                    + " and refused " + s.refusedRecords() + " records");
        }
    }

    SpoolUplink.Stats stats() {
        return uplink.stats();
    }

    SpoolStats spoolStats() {
        return spool.stats();
    }

    /** Successful connections so far: more than one means the link was lost and came back. */
    long connections() {
        return link.connections();
    }

    @Override
    public void close() throws IOException {
        uplink.close();
        link.close();
        spool.close();
    }
}
