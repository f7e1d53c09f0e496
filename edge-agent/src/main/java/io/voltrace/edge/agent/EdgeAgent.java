package io.voltrace.edge.agent;

import io.voltrace.common.wire.CellSnapshot;
import io.voltrace.common.wire.EvidenceCodec;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.bms.BmsField;
import io.voltrace.edge.bms.MappingException;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.ResolvedMapping;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSink;
import io.voltrace.edge.can.CanFrameSource;
import io.voltrace.edge.can.CanLogs;
import io.voltrace.edge.can.ChannelFilter;
import io.voltrace.edge.can.KernelFilter;
import io.voltrace.edge.diag.PollDefinition;
import io.voltrace.edge.diag.PollDefinitionException;
import io.voltrace.edge.can.SocketCanSource;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcParseException;
import io.voltrace.edge.dbc.DbcParser;
import io.voltrace.edge.health.FullRateEvidence;
import io.voltrace.edge.health.HealthSettings;
import io.voltrace.edge.health.HealthWatch;
import io.voltrace.edge.mqtt.MqttLink;
import io.voltrace.edge.spool.RecordKind;
import io.voltrace.edge.spool.Spool;
import io.voltrace.edge.spool.SpoolStats;
import io.voltrace.edge.telemetry.CellSnapshotter;
import io.voltrace.edge.telemetry.SpoolPayloads;
import io.voltrace.edge.telemetry.SpoolUplink;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge agent as a long-running service: reads frames from its CAN source, decodes and samples them, appends
 * every sample (and cell snapshot) to the durable {@link Spool}, along with health evidence and safety events
 * ({@link HealthWatch}: insulation readings, BMS fault flags raised and cleared; {@link FullRateEvidence}: current
 * steps and negative events at full CAN rate, when the pack is known), and has the {@link SpoolUplink} deliver the
 * spool to the broker over an {@link MqttLink}. Reading never waits for the network: while the link is down the spool
 * grows (within its bound) and is sent in order once the link is back.
 *
 * <p>It logs when it goes offline, how much it holds, and when it has caught up, and every status interval a status
 * line (also written as JSON to the status file).
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);
    private static final Duration SOURCE_RETRY = Duration.ofSeconds(5);
    private static final Duration DIAG_TICK = Duration.ofMillis(50);

    /** What the agent has done since it started, and how it stands. */
    public record Status(Instant at, boolean online, String lastProblem, Instant offlineSince, long frames,
                         long unmappedFrames, long samples, long snapshots, long spooled, long notSpooled,
                         SpoolStats spool, SpoolUplink.Stats uplink, boolean sourceEnded) {
    }

    private final AgentConfig config;
    private final Spool spool;
    private final CounterCarry carry;
    private final PackSampler sampler;
    private final CellSnapshotter snapshotter;
    private final HealthWatch health;
    private final io.voltrace.edge.health.BmsHealthWatch bmsHealth;
    /** Null when the pack is not known (no {@code health.pack.*} settings on a real bus). */
    private final FullRateEvidence fullRate;
    private final int packCells;
    /** Null when diagnostic polling is off. */
    private final DiagFeed diag;
    private final PollDefinition polls;
    private long fedCurrentUpdates;
    private long fedVoltageUpdates;
    private final SpoolUplink uplink;
    private final MqttLink link;
    private final Thread reader;
    private final Thread reporter;
    private final CountDownLatch sourceEnded = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile CanFrameSource source;
    private volatile boolean stopping;
    private volatile long frames;
    private volatile long samples;
    private volatile long implausible;
    private final io.voltrace.common.plausibility.PlausibilityCheck plausibility;
    private volatile long snapshots;
    private volatile long spooled;
    private volatile long notSpooled;
    private long lastReportFrames;
    private long lastReportNanos = System.nanoTime();

    /** The bus whose frames the diagnostic feed reads (and polls on): 0 unless diag.bus names another. */
    private final int diagBus;

    private EdgeAgent(AgentConfig config, java.util.List<ResolvedMapping> buses, DbcDatabase dbc)
            throws IOException {
        ResolvedMapping mapping = buses.get(0);
        this.config = config;
        this.spool = Spool.open(config.spool());
        CounterCarry c = null;
        try {
            c = new CounterCarry(config.spool().dir().resolve("counters"));
            this.carry = c;
            try {
                this.sampler = new PackSampler(buses, config.sampleInterval(), this::onSample);
            } catch (IllegalArgumentException e) {
                throw new IOException("the buses' mappings do not fit together: " + e.getMessage(), e);
            }
            AgentConfig.CellsConfig cells = config.cells();
            this.snapshotter = cells == null ? null : new CellSnapshotter(cells.cells(), cells.sensors(),
                    cells.interval(), sampler::cellVoltage, sampler::cellTemperature, this::onSnapshot);
            this.health = new HealthWatch(config.deviceId(), config.battery(), sampler.faultFlags(), config.health(),
                    this::onEvidence);
            this.bmsHealth = new io.voltrace.edge.health.BmsHealthWatch(config.deviceId(), config.battery(),
                    config.health().bmsInterval(), this::onEvidence);
            HealthSettings.Pack pack = config.health().pack();
            this.fullRate = pack == null ? null : new FullRateEvidence(config.deviceId(), config.battery(), pack,
                    this::onEvidence, config.health().stepInterval().toMillis());
            this.packCells = pack == null ? 0 : Math.min(pack.cells(), ResolvedMapping.MAX_CELLS);
            this.plausibility = new io.voltrace.common.plausibility.PlausibilityCheck(pack == null
                    ? io.voltrace.common.plausibility.PackLimits.of(0, 0)
                    : io.voltrace.common.plausibility.PackLimits.of(pack.cells(), pack.nominalAh()));
            this.polls = loadPolls(config);
            this.diagBus = diagBus(config);
            this.source = config.source().buses().isEmpty() ? openSource(config.source(), mapping, dbc, polls)
                    : openBuses(config.source(), buses, polls, diagBus);
            // The sink reads the field on each send, so polling goes on over a reopened interface.
            CanFrameSink diagSink = source instanceof SocketCanSource ? f -> ((SocketCanSource) this.source).send(f)
                    : source instanceof io.voltrace.edge.can.MergedBusSource m ? m.sink(diagBus) : null;
            this.diag = polls == null ? null : new DiagFeed(polls, config.diag(), sampler, diagSink);
            this.uplink = new SpoolUplink(spool, config.publish());
            this.link = new MqttLink(config.mqtt(), uplink);
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            }
            spool.close();
            throw e;
        }
        this.reader = new Thread(this::read, "can-reader");
        this.reporter = new Thread(this::report, "status");
        this.reporter.setDaemon(true);
    }

    /**
     * Loads the DBC and mapping, opens the spool and the source, and starts reading and publishing.
     *
     * @throws IOException with a message naming what could not be used (DBC, mapping, spool folder, CAN interface,
     *                     log file, TLS files)
     */
    public static EdgeAgent start(AgentConfig config) throws IOException {
        java.util.List<ResolvedMapping> buses = new java.util.ArrayList<>();
        DbcDatabase dbc;
        if (config.source().buses().isEmpty()) {
            dbc = loadDbc(config.dbcFile());
            buses.add(resolve(config.mappingFile(), config.mappingName(), dbc, ""));
        } else {
            dbc = null;
            for (AgentConfig.BusConfig bus : config.source().buses()) {
                DbcDatabase busDbc = loadDbc(bus.dbcFile());
                buses.add(resolve(bus.mappingFile(), bus.mappingName(), busDbc, "bus " + bus.name() + ": "));
            }
        }
        EdgeAgent agent = new EdgeAgent(config, buses, dbc);
        LOG.info("edge agent starting: device={} battery={} source={} spool={} broker={} format={}", config.deviceId(),
                config.battery(), agent.source.describe(), config.spool().dir(), config.mqtt().serverUri(),
                config.publish().format());
        agent.uplink.start(agent.link);
        agent.link.start();
        agent.reader.start();
        agent.reporter.start();
        if (agent.diag != null && agent.diag.polls()) {
            Thread ticker = new Thread(agent::tickDiag, "diag-tick");
            ticker.setDaemon(true);
            ticker.start();
        }
        return agent;
    }

    private static ResolvedMapping resolve(Path file, String name, DbcDatabase dbc, String bus) throws IOException {
        try {
            SignalMapping m = file != null ? SignalMapping.load(file) : SignalMapping.shipped(name);
            return m.resolve(dbc);
        } catch (MappingException e) {
            throw new IOException(bus + "mapping " + (file != null ? file : name) + " does not fit "
                    + dbc.sourceName() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(bus + e.getMessage(), e);
        }
    }

    private static DbcDatabase loadDbc(Path file) throws IOException {
        if (file == null) {
            return ReferenceDbc.load();
        }
        try {
            DbcDatabase dbc = DbcParser.parse(file);
            for (String warning : dbc.warnings()) {
                LOG.info("{}: {}", file.getFileName(), warning);
            }
            return dbc;
        } catch (DbcParseException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static int diagBus(AgentConfig config) {
        java.util.List<AgentConfig.BusConfig> buses = config.source().buses();
        if (config.diag() == null || config.diag().bus() == null) {
            return 0;
        }
        for (int i = 0; i < buses.size(); i++) {
            if (buses.get(i).name().equals(config.diag().bus())) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Several buses: a replay routes the log's channels to them; on SocketCAN each interface is read by its own
     * thread (kernel-filtered to its mapping's ids, and the diagnostic bus to the polled modules' too).
     */
    private static CanFrameSource openBuses(AgentConfig.SourceConfig s, java.util.List<ResolvedMapping> mappings,
                                            PollDefinition polls, int diagBus) throws IOException {
        java.util.List<AgentConfig.BusConfig> buses = s.buses();
        switch (s.kind()) {
            case "replay" -> {
                java.util.List<String> channels = buses.stream().map(AgentConfig.BusConfig::channel).toList();
                return new PacedSource(() -> new io.voltrace.edge.can.ChannelRouter(CanLogs.open(s.log()), channels),
                        s.pace(), s.restamp(), s.loop());
            }
            case "socketcan" -> {
                java.util.List<io.voltrace.edge.can.MergedBusSource.Opener> openers = new java.util.ArrayList<>();
                for (int i = 0; i < buses.size(); i++) {
                    SocketCanSource.Config c = new SocketCanSource.Config(buses.get(i).canInterface(), s.canFd(),
                            acceptIds(mappings.get(i), i == diagBus ? polls : null));
                    openers.add(() -> SocketCanSource.open(c));
                }
                return new io.voltrace.edge.can.MergedBusSource(buses.stream().map(AgentConfig.BusConfig::name)
                        .toList(), openers, SOURCE_RETRY, 4096);
            }
            default -> throw new IOException("several buses are read from socketcan or a replay, not " + s.kind());
        }
    }

    private static PollDefinition loadPolls(AgentConfig config) throws IOException {
        if (config.diag() == null) {
            return null;
        }
        try {
            PollDefinition d = PollDefinition.named(config.diag().poll());
            LOG.info("diagnostic polls: {} ({} requests to {} modules)", d.vehicle(), d.requests().size(),
                    d.modules().size());
            return d;
        } catch (PollDefinitionException e) {
            throw new IOException("poll definition " + e.getMessage(), e);
        }
    }

    /** The kernel filter's ids: the mapping's, and the diagnostic modules' when polling. */
    private static java.util.List<KernelFilter.Id> acceptIds(ResolvedMapping mapping, PollDefinition polls) {
        if (polls == null) {
            return mapping.canIds();
        }
        java.util.List<KernelFilter.Id> ids = new java.util.ArrayList<>(mapping.canIds());
        ids.addAll(DiagFeed.canIds(polls));
        return ids;
    }

    private static CanFrameSource openSource(AgentConfig.SourceConfig s, ResolvedMapping mapping, DbcDatabase dbc,
                                             PollDefinition polls) throws IOException {
        return switch (s.kind()) {
            case "socketcan" -> SocketCanSource.open(new SocketCanSource.Config(s.canInterface(), s.canFd(),
                    acceptIds(mapping, polls)));
            case "replay" -> new PacedSource(() -> s.channel() == null ? CanLogs.open(s.log())
                    : new ChannelFilter(CanLogs.open(s.log()), s.channel()), s.pace(), s.restamp(), s.loop());
            case "simulator" -> {
                if (dbc.messageByName("BMS_PackStatus") == null) {
                    throw new IOException("the simulator speaks voltrace's reference DBC; leave dbc.file unset");
                }
                AgentConfig.SimulatorConfig sim = s.simulator();
                long start = sim.firstFrame(s.pace(), Instant.now()).toEpochMilli();
                SimulatorProvider provider = SimulatorProvider.load();
                yield new PacedSource(() -> provider.open(dbc, sim, start), s.pace(), s.restamp(), s.loop());
            }
            default -> throw new IOException("unknown CAN source " + s.kind());
        };
    }

    private void onSample(PackSample s) {
        samples++;
        java.util.List<String> reasons = plausibility.check(s);
        if (!reasons.isEmpty()) {
            // Kept and sent: the intake checks again and marks it, so no estimate takes it.
            implausible++;
            if (implausible == 1 || implausible % 1000 == 0) {
                LOG.warn("implausible sample at {} ({} so far): {}; check the DBC, mapping and can.replay.channel "
                        + "for this bus", Instant.ofEpochMilli(s.ts()), implausible, String.join("; ", reasons));
            }
        }
        try {
            PackSample carried = carry.carry(s);
            if (spool.append(RecordKind.PACK_SAMPLE, config.battery(), carried.ts(),
                    SpoolPayloads.encode(carried)) >= 0) {
                spooled++;
            } else {
                notSpooled++;
            }
        } catch (IOException e) {
            notSpooled++;
            if (notSpooled % 100 == 1) { // the spool said why once, as an error; here only how many so far
                LOG.error("cannot spool a sample ({} not spooled so far): {}", notSpooled, e.getMessage());
            }
        }
    }

    private void onSnapshot(CellSnapshot c) {
        snapshots++;
        try {
            if (spool.append(RecordKind.CELL_SNAPSHOT, config.battery(), c.ts(), SpoolPayloads.encode(c)) >= 0) {
                spooled++;
            } else {
                notSpooled++;
            }
        } catch (IOException e) {
            notSpooled++;
            LOG.error("cannot spool a cell snapshot: {}", e.toString());
        }
    }

    /** Evidence and events are never dropped by the spool (their kinds are not droppable); a failure is logged. */
    private void onEvidence(HealthEvidence e, boolean event) {
        RecordKind kind = event ? RecordKind.EVENT : RecordKind.EVIDENCE;
        if (e.type() == HealthEvidence.Type.FAULT) {
            LOG.info("safety event: fault {} {} at {}", e.name(), e.active() ? "raised" : "cleared",
                    Instant.ofEpochMilli(e.ts()));
        } else if (e.type() == HealthEvidence.Type.BMS_HEALTH && bmsHealth.reports() <= 1) {
            LOG.info("the BMS states its own health: SOH {} %, capacity {} Ah (sent as evidence, beside the cloud's "
                    + "estimate)", e.soh() == null ? "-" : e.soh(), e.capacityAh() == null ? "-" : e.capacityAh());
        } else if (e.type() == HealthEvidence.Type.NEGATIVE_EVENT) {
            LOG.info("negative event: {} from {} to {}, extreme {}", e.name(), Instant.ofEpochMilli(e.ts()),
                    Instant.ofEpochMilli(e.endTs()), e.extreme());
        }
        try {
            if (spool.append(kind, config.battery(), e.ts(), EvidenceCodec.encode(e)) >= 0) {
                spooled++;
                return;
            }
        } catch (IOException | RuntimeException ex) {
            LOG.error("cannot spool {} {} of {}: {}", kind, e.type(), Instant.ofEpochMilli(e.ts()), ex.toString());
        }
        notSpooled++;
    }

    private void read() {
        try {
            while (!stopping) {
                CanFrame f;
                try {
                    f = source.next();
                } catch (IOException e) {
                    if (stopping) {
                        break;
                    }
                    if (!"socketcan".equals(config.source().kind()) || !config.source().buses().isEmpty()) {
                        LOG.error("the CAN source failed, reading stops: {}", e.getMessage());
                        break;
                    }
                    LOG.error("CAN interface failed ({}); opening it again in {} s", e.getMessage(),
                            SOURCE_RETRY.toSeconds());
                    reopenSocketCan();
                    continue;
                }
                if (f == null) {
                    if (!stopping) {
                        LOG.info("source ended after {} frames", frames);
                    }
                    break;
                }
                frames++;
                int bus = io.voltrace.edge.can.BusTagged.of(source);
                sampler.accept(bus, f);
                if (diag != null && bus == diagBus) {
                    diag.onFrame(f);
                }
                health.observe(f.timestampMicros() / 1000, sampler);
                bmsHealth.observe(f.timestampMicros() / 1000, sampler);
                if (fullRate != null) {
                    feedFullRate(f.timestampMicros() / 1000);
                }
                if (snapshotter != null) {
                    snapshotter.onFrame(f.timestampMicros());
                }
            }
        } catch (RuntimeException e) {
            LOG.error("reading stopped: {}", e.toString(), e);
        } finally {
            if (fullRate != null) {
                try {
                    fullRate.finish(); // a negative event still open goes out as lasting until the last reading
                } catch (RuntimeException e) {
                    LOG.error("closing full-rate evidence: {}", e.toString());
                }
            }
            sourceEnded.countDown();
        }
    }

    /**
     * Hands the extractor a reading once both current and voltage have been read anew, so ΔV/ΔI pairs values of one
     * BMS cycle; with the latest cell and temperature extremes.
     */
    private void feedFullRate(long tsMillis) {
        long currentUpdates = sampler.updates(BmsField.PACK_CURRENT);
        long voltageUpdates = sampler.updates(BmsField.PACK_VOLTAGE);
        if (currentUpdates == fedCurrentUpdates || voltageUpdates == fedVoltageUpdates) {
            return;
        }
        fedCurrentUpdates = currentUpdates;
        fedVoltageUpdates = voltageUpdates;
        double cellMin = Double.NaN;
        double cellMax = Double.NaN;
        for (int i = 0; i < packCells; i++) {
            double v = sampler.cellVoltage(i);
            if (!Double.isNaN(v)) {
                cellMin = Double.isNaN(cellMin) ? v : Math.min(cellMin, v);
                cellMax = Double.isNaN(cellMax) ? v : Math.max(cellMax, v);
            }
        }
        double tMin = Double.NaN;
        double tMax = Double.NaN;
        for (int i = 0; i < ResolvedMapping.MAX_SENSORS; i++) {
            double c = sampler.cellTemperature(i);
            if (!Double.isNaN(c)) {
                tMin = Double.isNaN(tMin) ? c : Math.min(tMin, c);
                tMax = Double.isNaN(tMax) ? c : Math.max(tMax, c);
            }
        }
        fullRate.reading(tsMillis, sampler.value(BmsField.PACK_CURRENT), sampler.value(BmsField.PACK_VOLTAGE), tMin,
                tMax, cellMin, cellMax);
    }

    private void reopenSocketCan() {
        while (!stopping) {
            try {
                Thread.sleep(SOURCE_RETRY.toMillis());
                CanFrameSource old = source;
                try {
                    old.close();
                } catch (IOException ignored) {
                    // it failed already
                }
                source = SocketCanSource.open(new SocketCanSource.Config(config.source().canInterface(),
                        config.source().canFd(), acceptIds(sampler.mapping(), polls)));

                return;
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.warn("CAN interface still unusable: {}", e.getMessage());
            }
        }
    }

    /** Polls go on on a silent bus: the poller is stepped when no frame came for a while (DiagFeed#tickIfIdle). */
    private void tickDiag() {
        try {
            while (!stopping && stopped.getCount() > 0) {
                if (stopped.await(DIAG_TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                try {
                    diag.tickIfIdle(DIAG_TICK.toMillis());
                } catch (RuntimeException e) {
                    LOG.warn("diagnostic poll step failed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void report() {
        long intervalMillis = config.statusInterval().toMillis();
        while (stopped.getCount() > 0) {
            try {
                if (stopped.await(intervalMillis, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            Status s = status();
            logStatus(s);
            writeStatus(s);
        }
    }

    public Status status() {
        return new Status(Instant.now(), link.isOnline(), link.lastProblem(), link.offlineSince(), frames,
                sampler.unmappedFrames(), samples, snapshots, spooled, notSpooled, spool.stats(), uplink.stats(),
                sourceEnded.getCount() == 0);
    }

    private synchronized void logStatus(Status s) {
        long now = System.nanoTime();
        double fps = (s.frames() - lastReportFrames) / Math.max(1e-9, (now - lastReportNanos) / 1e9);
        lastReportFrames = s.frames();
        lastReportNanos = now;
        SpoolStats sp = s.spool();
        String connection = s.online() ? "online" : stopping ? "stopped"
                : "offline for " + human(Duration.between(s.offlineSince(), s.at()))
                + (s.lastProblem() == null ? "" : " (" + s.lastProblem() + ")");
        String line = String.format(Locale.ROOT, "status: %s; frames %d (%.0f/s, %d unmapped); samples %d, "
                        + "snapshots %d, insulation readings %d, fault events %d, current steps %d, "
                        + "negative events %d, BMS health statements %d, spooled %d; delivered %d records in %d messages; holding %d records "
                        + "(%s on disk)%s; dropped %d, refused %d",
                connection, s.frames(), fps, s.unmappedFrames(), s.samples(), s.snapshots(),
                health.insulationReadings(), health.faultEvents(), fullRate == null ? 0 : fullRate.steps(),
                fullRate == null ? 0 : fullRate.events(), bmsHealth.reports(), s.spooled(),
                s.uplink().recordsDelivered(), s.uplink().messagesAcknowledged(), sp.heldRecords(),
                bytes(sp.diskBytes()), s.uplink().oldestUndeliveredTimestamp() == Long.MIN_VALUE ? ""
                        : ", oldest taken " + Instant.ofEpochMilli(s.uplink().oldestUndeliveredTimestamp()),
                sp.droppedRecords() + sp.refusedRecords(), s.uplink().recordsRefused());
        if (implausible > 0) {
            line += "; implausible samples " + implausible;
        }
        if (!sp.durable()) {
            line += "; SPOOL NOT DURABLE, " + sp.refusedNotDurable() + " records refused: " + sp.notDurable();
        }
        if (diag != null) {
            line += "; " + diag.describe();
        }
        if ((s.online() || stopping) && sp.durable()) {
            LOG.info(line);
        } else {
            LOG.warn(line);
        }
    }

    private void writeStatus(Status s) {
        Path file = config.statusFile();
        if (file == null) {
            return;
        }
        SpoolStats sp = s.spool();
        SpoolUplink.Stats u = s.uplink();
        String json = String.format(Locale.ROOT, "{\"at\":\"%s\",\"device\":\"%s\",\"battery\":\"%s\","
                        + "\"online\":%b,\"frames\":%d,\"unmappedFrames\":%d,\"samples\":%d,\"snapshots\":%d,"
                        + "\"spooled\":%d,\"notSpooled\":%d,\"spoolNextOffset\":%d,\"heldRecords\":%d,"
                        + "\"spoolBytes\":%d,\"droppedRecords\":%d,\"refusedBySpool\":%d,\"messagesSent\":%d,"
                        + "\"messagesAcknowledged\":%d,\"messagesResent\":%d,\"recordsDelivered\":%d,"
                        + "\"recordsRefused\":%d,\"sourceEnded\":%b,\"spoolDurable\":%b,\"refusedNotDurable\":%d}%n",
                s.at(), config.deviceId(), config.battery(), s.online(), s.frames(), s.unmappedFrames(), s.samples(),
                s.snapshots(), s.spooled(), s.notSpooled(), sp.nextOffset(), sp.heldRecords(), sp.diskBytes(),
                sp.droppedRecords(), sp.refusedRecords(), u.messagesSent(), u.messagesAcknowledged(),
                u.messagesResent(), u.recordsDelivered(), u.recordsRefused(), s.sourceEnded(), sp.durable(),
                sp.refusedNotDurable());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(json);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write status file {}: {}", file, e.toString());
        }
    }

    /**
     * After a source that ended: why nothing reached the server (no frames, no samples, or every record refused, with
     * the server's last reason), or null when something was delivered.
     */
    public String deliveredNothing() {
        Status s = status();
        if (s.uplink().recordsDelivered() > 0) {
            return null;
        }
        if (s.frames() == 0) {
            return "the source delivered no frames" + (config.source().channel() == null ? ""
                    : " on channel " + config.source().channel() + " (can.replay.channel: is it the log's name for "
                    + "the bus, as can decode --channel takes it?)");
        }
        if (s.samples() == 0) {
            return s.frames() + " frames but no sample: the mapping found no pack voltage and current in them "
                    + "(check dbc.file, mapping.name and can.replay.channel)";
        }
        String refusal = uplink.lastRefusal();
        return "nothing was delivered: " + s.samples() + " samples taken, " + s.uplink().recordsRefused()
                + " records refused" + (refusal == null ? "" : ", last because " + refusal)
                + (config.source().restamp() ? "" : "; a log timed from its logger's boot needs "
                + "can.replay.restamp = true");
    }

    /** Samples the plausibility rules found implausible (kept and sent all the same). */
    public long implausibleSamples() {
        return implausible;
    }

    /** Waits until the source has ended (a replay or simulation ran out); false on timeout. */
    public boolean awaitSourceEnd(Duration timeout) throws InterruptedException {
        return sourceEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until everything spooled is delivered (the uplink keeps reconnecting meanwhile); false on timeout.
     * Meant for after the source ended.
     */
    public boolean awaitDelivered(Duration timeout) throws InterruptedException {
        return uplink.drain(timeout);
    }

    public AgentConfig config() {
        return config;
    }

    /**
     * Stops reading, tries for {@code shutdown.drain} to deliver what the spool holds (when online), says goodbye on
     * the status topic, and closes the spool. What is not delivered stays in the spool for the next start.
     */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        LOG.info("stopping");
        try {
            source.close();
        } catch (IOException e) {
            LOG.debug("closing source: {}", e.toString());
        }
        try {
            reader.join(5000);
            spool.sync();
            if (link.isOnline() && !config.shutdownDrain().isZero()) {
                if (!uplink.drain(config.shutdownDrain())) {
                    LOG.info("not everything was delivered within {} s", config.shutdownDrain().toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("spool sync at shutdown failed: {}", e.toString());
        }
        uplink.close();
        link.close();
        Status s = status();
        logStatus(s);
        writeStatus(s);
        stopped.countDown();
        try {
            spool.close();
            carry.close();
        } catch (IOException e) {
            LOG.error("closing the spool: {}", e.toString());
        }
        LOG.info("stopped; {} records stay in the spool for the next start", s.spool().heldRecords());
    }

    /** Waits until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        return s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
