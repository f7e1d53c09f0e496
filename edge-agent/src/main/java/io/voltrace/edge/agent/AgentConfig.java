package io.voltrace.edge.agent;

import io.voltrace.common.wire.Topics;
import io.voltrace.common.wire.WireFormat;
import io.voltrace.edge.health.HealthSettings;
import io.voltrace.edge.mqtt.MqttLinkConfig;
import io.voltrace.edge.mqtt.TlsConfig;
import io.voltrace.edge.spool.FsyncPolicy;
import io.voltrace.edge.spool.SpoolConfig;
import io.voltrace.edge.telemetry.SpoolUplink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the agent runs with, from one settings file (see {@code docs/edge-agent.md} for every key) with
 * environment variables {@code VOLTRACE_EDGE_<KEY>} overriding it, e.g. {@code VOLTRACE_EDGE_MQTT_PASSWORD}.
 *
 * @param deviceId       the device's id: MQTT client id and user name by default, topic segment, payload field
 * @param battery        the GB/T 34014 code of the pack this agent watches
 * @param source         where frames come from
 * @param dbcFile        the DBC, or null for voltrace's reference DBC
 * @param mappingFile    a signal mapping file, or null for a shipped mapping
 * @param mappingName    the shipped mapping used when no file is given
 * @param sampleInterval seconds of frame time between pack samples
 * @param cells          cell snapshots, or null when off
 * @param spool          the spool
 * @param mqtt           the broker connection
 * @param publish        how messages are built
 * @param statusInterval how often a status line is logged (and the status file written)
 * @param statusFile     where the status is written as JSON, or null for nowhere
 * @param shutdownDrain  on a stop, how long to keep delivering what the spool holds
 * @param health         how insulation readings and fault events are reported
 * @param diag           diagnostic polling (ISO-TP), or null when off
 */
public record AgentConfig(String deviceId, String battery, SourceConfig source, Path dbcFile, Path mappingFile,
                          String mappingName, double sampleInterval, CellsConfig cells, SpoolConfig spool,
                          MqttLinkConfig mqtt, SpoolUplink.Settings publish, Duration statusInterval, Path statusFile,
                          Duration shutdownDrain, HealthSettings health, DiagConfig diag) {

    /**
     * @param poll             a shipped poll definition's name or a file
     * @param poller           the poller's limits
     * @param stateCurrentAmps above this pack current the vehicle counts as charging (into the pack) or driving
     */
    public record DiagConfig(String poll, io.voltrace.edge.diag.DiagPoller.Settings poller, double stateCurrentAmps,
                             String bus) {
        /** Polling on the first (or only) bus. */
        public DiagConfig(String poll, io.voltrace.edge.diag.DiagPoller.Settings poller, double stateCurrentAmps) {
            this(poll, poller, stateCurrentAmps, null);
        }
    }

    /**
     * One of several buses read by one agent ({@code can.buses}): its interface (SocketCAN) or its channel in the
     * replayed log, and the DBC and mapping its frames are decoded with.
     *
     * @param name         the bus's name in {@code can.buses}, e.g. {@code p}
     * @param canInterface socketcan: the interface, e.g. {@code can1}
     * @param channel      replay: the log's name for the bus, as {@code can decode --channel} takes it
     * @param dbcFile      its DBC, or null for voltrace's reference DBC
     * @param mappingFile  a mapping file, or null for the shipped {@code mappingName}
     * @param mappingName  a shipped mapping's name when no file is given
     */
    public record BusConfig(String name, String canInterface, String channel, Path dbcFile, Path mappingFile,
                            String mappingName) {
    }

    /**
     * @param kind           {@code socketcan}, {@code replay} or {@code simulator}
     * @param canInterface   for socketcan, e.g. {@code can0}
     * @param canFd          for socketcan: receive CAN FD frames too
     * @param log            for replay: the log file (candump, Vector ASC or SavvyCAN CSV)
     * @param pace           for replay and simulator: how fast frames are handed on
     * @param restamp        stamp frames with the wall clock on delivery, as a live bus would
     * @param loop           for replay: start over at the end (needs restamp)
     * @param exitAtEnd      when the source ends: deliver everything, then stop the agent
     * @param simulator      for simulator: the simulated pack
     * @param channel        for replay: only the frames of this channel as the log names it, or null for all
     * @param buses          several buses ({@code can.buses}), each with its DBC and mapping; empty for one bus
     */
    public record SourceConfig(String kind, String canInterface, boolean canFd, Path log, Pace pace, boolean restamp,
                               boolean loop, boolean exitAtEnd, SimulatorConfig simulator, String channel,
                               List<BusConfig> buses) {
        public SourceConfig {
            buses = buses == null ? List.of() : List.copyOf(buses);
        }
    }

    /**
     * How fast a replay or simulation is handed on: at the recorded timing times {@code speed}, at a fixed number of
     * frames per second, or as fast as the agent can take them.
     */
    public record Pace(double speed, double framesPerSecond) {
        public static final Pace RECORDED = new Pace(1, 0);
        public static final Pace MAX = new Pace(0, 0);

        public boolean unpaced() {
            return speed == 0 && framesPerSecond == 0;
        }

        static Pace parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("recorded")) {
                return RECORDED;
            }
            if (t.equals("max")) {
                return MAX;
            }
            try {
                if (t.endsWith("fps")) {
                    double fps = Double.parseDouble(t.substring(0, t.length() - 3).strip());
                    if (fps > 0) {
                        return new Pace(0, fps);
                    }
                } else if (t.endsWith("x")) {
                    double speed = Double.parseDouble(t.substring(0, t.length() - 1).strip());
                    if (speed > 0) {
                        return new Pace(speed, 0);
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("'" + text + "' is not a pace: use recorded, max, e.g. 10x (times the "
                    + "recorded speed) or e.g. 2000fps");
        }

        @Override
        public String toString() {
            return unpaced() ? "max" : framesPerSecond > 0 ? framesPerSecond + " frames/s" : speed + "x recorded";
        }
    }

    /**
     * The simulated pack of the {@code simulator} source.
     *
     * @param climateC the ambient temperature the day swings around, °C ({@code can.simulator.climate})
     * @param start    the first frame's instant ({@code can.simulator.start}), or null to choose it by the pace
     */
    public record SimulatorConfig(int cells, double nominalAh, double soh, long seed, double days, double climateC,
                                  Instant start) {

        /**
         * When the simulated history begins. At recorded pace (or slower) the vehicle runs live, so from now; any
         * faster and a history starting now would be stamped into the future, which an ingest rightly refuses: so
         * its {@code days} end at the moment it starts. An explicit start wins.
         */
        public Instant firstFrame(Pace pace, Instant now) {
            if (start != null) {
                return start;
            }
            boolean live = !pace.unpaced() && pace.framesPerSecond() == 0 && pace.speed() <= 1;
            return live ? now : now.minusMillis(Math.round(days * 86_400_000));
        }
    }

    /**
     * @param interval seconds of frame time between snapshots
     * @param cells    cells in series
     * @param sensors  temperature sensors
     */
    public record CellsConfig(double interval, int cells, int sensors) {
    }

    /** Every key the file may hold. */
    static final List<String> KEYS = List.of(
            "device.id", "device.battery",
            "can.source", "can.interface", "can.fd", "can.log", "can.replay.pace", "can.replay.restamp",
            "can.replay.loop", "can.replay.exit-at-end", "can.replay.channel", "can.buses", "diag.bus",
            "can.simulator.cells", "can.simulator.ah", "can.simulator.soh", "can.simulator.seed", "can.simulator.days",
            "can.simulator.climate", "can.simulator.start",
            "dbc.file", "mapping.file", "mapping.name",
            "sample.interval", "cells.interval", "cells.count", "cells.sensors",
            "spool.dir", "spool.max-bytes", "spool.segment-bytes", "spool.fsync",
            "mqtt.server", "mqtt.client-id", "mqtt.username", "mqtt.password", "mqtt.password-file",
            "mqtt.tls.ca-file", "mqtt.tls.cert-file", "mqtt.tls.key-file", "mqtt.tls.verify-hostname",
            "mqtt.keep-alive", "mqtt.session-expiry", "mqtt.max-in-flight", "mqtt.reconnect.min",
            "mqtt.reconnect.max", "mqtt.connect-timeout", "mqtt.status",
            "publish.format", "publish.max-records", "publish.max-delay", "publish.max-bytes",
            "status.interval", "status.file", "shutdown.drain",
            "health.insulation.interval", "health.insulation.warn-ohms-per-volt",
            "health.pack.chemistry", "health.pack.nominal-ah", "health.pack.cells", "health.steps.interval",
            "health.bms.interval",
            "diag.poll", "diag.max-frames-per-second", "diag.quiet", "diag.pending", "diag.state-current");

    /** Bad settings; the message lists every problem with its place, one per line. */
    public static final class ConfigException extends Exception {
        private final List<String> problems;

        ConfigException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Reads the settings.
     *
     * @param file        the settings file, or null to take everything from the environment
     * @param environment usually {@code System.getenv()}
     * @throws ConfigException listing every problem, each with its file:line or environment variable
     */
    public static AgentConfig load(Path file, Map<String, String> environment) throws IOException, ConfigException {
        return load(file, environment, Map.of());
    }

    /**
     * Reads the settings: the file, then the environment, then {@code flags} (key to value, from {@code --set}), each
     * overriding the one before.
     */
    public static AgentConfig load(Path file, Map<String, String> environment, Map<String, String> flags)
            throws IOException, ConfigException {
        ConfigFile c = ConfigFile.load(file, environment, flags, KEYS);
        String device = c.required("device.id");
        String battery = c.required("device.battery");
        if (device != null && (device.contains("/") || device.contains("+") || device.contains("#"))) {
            c.problem("device.id", "'" + device + "' must not contain /, + or # (it is a topic segment)");
        }

        String kind = c.choice("can.source", null, "socketcan", "replay", "simulator");
        if (kind == null && !c.has("can.source")) {
            c.required("can.source");
        }
        Pace pace = Pace.RECORDED;
        if (c.has("can.replay.pace")) {
            try {
                pace = Pace.parse(c.string("can.replay.pace", "recorded"));
            } catch (IllegalArgumentException e) {
                c.problem("can.replay.pace", e.getMessage());
            }
        }
        boolean restamp = c.bool("can.replay.restamp", false);
        boolean loop = c.bool("can.replay.loop", false);
        if (loop && !restamp) {
            c.problem("can.replay.loop", "looping needs can.replay.restamp = true, or time would run backwards");
        }
        Path log = c.path("can.log", null);
        if ("replay".equals(kind) && log == null) {
            c.required("can.log");
        }
        String iface = c.string("can.interface", "can0");
        SimulatorConfig sim = new SimulatorConfig(c.integer("can.simulator.cells", 96, 1, 96),
                c.decimal("can.simulator.ah", 60, 1, 2000), c.decimal("can.simulator.soh", 90, 21, 110),
                c.integer("can.simulator.seed", 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                c.decimal("can.simulator.days", 3650, 0.001, 100_000), c.decimal("can.simulator.climate", 20, -40, 50),
                c.instant("can.simulator.start"));
        boolean exitAtEnd = c.bool("can.replay.exit-at-end", !loop && !"socketcan".equals(kind));
        String channel = c.string("can.replay.channel", null);
        if (channel != null && !"replay".equals(kind)) {
            c.problem("can.replay.channel", "a channel filter applies to a replay (can.source = replay)");
        }
        List<BusConfig> buses = buses(c, kind);
        SourceConfig source = new SourceConfig(kind, iface, c.bool("can.fd", false), log, pace, restamp, loop,
                exitAtEnd, sim, channel, buses);

        Path dbc = c.path("dbc.file", null);
        Path mappingFile = c.path("mapping.file", null);
        String mappingName = c.string("mapping.name", "voltrace-bms");
        if (dbc == null && mappingFile == null && !mappingName.equals("voltrace-bms")) {
            c.problem("mapping.name", "the shipped mapping '" + mappingName + "' needs its vehicle's DBC in dbc.file "
                    + "(only voltrace's reference DBC ships in the jar)");
        }

        double sampleInterval = c.decimal("sample.interval", 1, 0.01, 3600);
        CellsConfig cells = null;
        double cellsInterval = c.decimal("cells.interval", 0, 0, 86_400);
        if (cellsInterval > 0) {
            int count = c.integer("cells.count", 0, 0, 512);
            int sensors = c.integer("cells.sensors", 0, 0, 128);
            if (!c.has("cells.count") || !c.has("cells.sensors")) {
                c.problem("cells.interval", "cell snapshots need cells.count and cells.sensors");
            } else if (count + sensors == 0) {
                c.problem("cells.count", "cell snapshots need at least one cell or sensor");
            } else {
                cells = new CellsConfig(cellsInterval, count, sensors);
            }
        }

        Path spoolDir = c.path("spool.dir", null);
        if (spoolDir == null) {
            c.required("spool.dir");
        }
        FsyncPolicy fsync = FsyncPolicy.every(Duration.ofSeconds(1));
        if (c.has("spool.fsync")) {
            try {
                fsync = FsyncPolicy.parse(c.string("spool.fsync", "1s"));
            } catch (IllegalArgumentException e) {
                c.problem("spool.fsync", e.getMessage());
            }
        }
        // Every value is read whatever else is missing, so one run reports every problem.
        long maxBytes = c.size("spool.max-bytes", 64L << 20);
        long segmentBytes = c.size("spool.segment-bytes", 1L << 20);
        SpoolConfig spool = null;
        if (spoolDir != null) {
            try {
                spool = new SpoolConfig(spoolDir, maxBytes, segmentBytes, fsync);
            } catch (IllegalArgumentException e) {
                c.problem("spool.max-bytes", e.getMessage());
            }
        }

        String server = c.required("mqtt.server");
        char[] password = null;
        if (c.has("mqtt.password") && c.has("mqtt.password-file")) {
            c.problem("mqtt.password-file", "give either mqtt.password or mqtt.password-file, not both");
        } else if (c.has("mqtt.password")) {
            password = c.string("mqtt.password", "").toCharArray();
        } else if (c.has("mqtt.password-file")) {
            Path pf = c.path("mqtt.password-file", null);
            try {
                List<String> lines = Files.readAllLines(pf, StandardCharsets.UTF_8);
                if (lines.isEmpty() || lines.get(0).isBlank()) {
                    c.problem("mqtt.password-file", pf + " is empty");
                } else {
                    password = lines.get(0).strip().toCharArray();
                }
            } catch (IOException e) {
                c.problem("mqtt.password-file", "cannot read " + pf + ": " + e.getMessage());
            }
        }
        TlsConfig tls = null;
        boolean verifyHostname = c.bool("mqtt.tls.verify-hostname", true);
        if (server != null && server.startsWith("ssl://")) {
            try {
                tls = new TlsConfig(c.path("mqtt.tls.ca-file", null), c.path("mqtt.tls.cert-file", null),
                        c.path("mqtt.tls.key-file", null), verifyHostname);
            } catch (IllegalArgumentException e) {
                c.problem("mqtt.tls.cert-file", e.getMessage());
            }
            for (String k : List.of("mqtt.tls.ca-file", "mqtt.tls.cert-file", "mqtt.tls.key-file")) {
                Path p = c.path(k, null);
                if (p != null && !Files.isReadable(p)) {
                    c.problem(k, p + " does not exist or cannot be read");
                }
            }
        } else if (c.has("mqtt.tls.ca-file") || c.has("mqtt.tls.cert-file")) {
            c.problem("mqtt.server", "TLS files are set but the server URI is not ssl://");
        }
        Duration keepAlive = c.duration("mqtt.keep-alive", Duration.ofSeconds(30));
        Duration sessionExpiry = c.duration("mqtt.session-expiry", Duration.ofDays(1));
        int maxInFlight = c.integer("mqtt.max-in-flight", 32, 1, 65535);
        Duration reconnectMin = c.duration("mqtt.reconnect.min", Duration.ofMillis(500));
        Duration reconnectMax = c.duration("mqtt.reconnect.max", Duration.ofMinutes(1));
        Duration connectTimeout = c.duration("mqtt.connect-timeout", Duration.ofSeconds(30));
        boolean status = c.bool("mqtt.status", true);
        if (reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            c.problem("mqtt.reconnect.max", "reconnection needs 0 < mqtt.reconnect.min <= mqtt.reconnect.max");
        }
        MqttLinkConfig mqtt = null;
        String clientId = c.string("mqtt.client-id", device);
        String username = c.string("mqtt.username", device);
        if (server != null && device != null && c.problems().isEmpty()) {
            try {
                mqtt = new MqttLinkConfig(server, clientId, username, password, tls, keepAlive, sessionExpiry,
                        maxInFlight, reconnectMin, reconnectMax, connectTimeout,
                        status ? Topics.status(device) : null);
            } catch (IllegalArgumentException e) {
                c.problem("mqtt.server", e.getMessage());
            }
        }

        String format = c.choice("publish.format", "json", "json", "compact");
        int maxRecords = c.integer("publish.max-records", 10, 1, 10_000);
        Duration maxDelay = c.duration("publish.max-delay", Duration.ofSeconds(5));
        long maxMessageBytes = c.size("publish.max-bytes", 256 << 10);
        if (maxMessageBytes < 1024 || maxMessageBytes > 1 << 20) {
            c.problem("publish.max-bytes", maxMessageBytes + " bytes is outside 1KiB..1MiB (the ingest's limit)");
        }
        SpoolUplink.Settings publish = null;
        Path statusFile = null;
        if (device != null && c.problems().isEmpty()) {
            Path refused = spoolDir == null ? null : spoolDir.resolve("refused");
            publish = new SpoolUplink.Settings(device, format.equals("compact") ? WireFormat.COMPACT : WireFormat.JSON,
                    maxRecords, maxDelay, (int) maxMessageBytes, refused);
        }
        if (!"none".equals(c.string("status.file", ""))) {
            statusFile = c.path("status.file", spoolDir == null ? null : spoolDir.resolve("status.json"));
        }
        Duration statusInterval = c.duration("status.interval", Duration.ofMinutes(1));
        Duration drain = c.duration("shutdown.drain", Duration.ofSeconds(10));
        Duration insulationInterval = c.duration("health.insulation.interval",
                HealthSettings.DEFAULTS.insulationInterval());
        if (insulationInterval.isZero() || insulationInterval.isNegative()) {
            c.problem("health.insulation.interval", "must be positive");
        }
        double warnOhmsPerVolt = c.decimal("health.insulation.warn-ohms-per-volt",
                HealthSettings.DEFAULTS.insulationWarnOhmsPerVolt(), 0, 100_000);
        Duration stepInterval = c.duration("health.steps.interval", HealthSettings.DEFAULTS.stepInterval());
        Duration bmsInterval = c.duration("health.bms.interval", HealthSettings.BMS_INTERVAL);
        HealthSettings.Pack pack = healthPack(c, "simulator".equals(kind) ? sim : null);
        DiagConfig diag = null;
        String poll = c.string("diag.poll", null);
        int maxFps = c.integer("diag.max-frames-per-second", 20, 2, 1000);
        Duration quiet = c.duration("diag.quiet", Duration.ofSeconds(5));
        Duration pendingWait = c.duration("diag.pending", Duration.ofSeconds(5));
        double stateCurrent = c.decimal("diag.state-current", 2, 0, 1000);
        if (poll != null) {
            if ("simulator".equals(kind)) {
                c.problem("diag.poll", "the simulator sends no diagnostic answers; poll a real bus or a replay");
            } else if (pendingWait.isZero()) {
                c.problem("diag.pending", "must be positive");
            } else {
                String diagBus = c.string("diag.bus", null);
                if (diagBus != null && buses.stream().noneMatch(b -> b.name().equals(diagBus))) {
                    c.problem("diag.bus", "'" + diagBus + "' is not one of can.buses");
                }
                diag = new DiagConfig(poll, new io.voltrace.edge.diag.DiagPoller.Settings(maxFps,
                        quiet.toMillis() / 1000.0, pendingWait.toMillis() / 1000.0), stateCurrent, diagBus);
            }
        }
        if (!c.problems().isEmpty()) {
            throw new ConfigException(c.problems());
        }
        return new AgentConfig(device, battery, source, dbc, mappingFile, mappingName, sampleInterval, cells, spool,
                mqtt, publish, statusInterval, statusFile, drain,
                new HealthSettings(insulationInterval, warnOhmsPerVolt, pack, stepInterval, bmsInterval), diag);
    }

    private static final java.util.regex.Pattern BUS_NAME = java.util.regex.Pattern.compile("[a-z0-9_-]{1,32}");

    /**
     * {@code can.buses = p, c} and per bus {@code can.bus.<name>.interface} (socketcan) or {@code .channel} (replay),
     * {@code .dbc} and {@code .mapping} (a file, or a shipped mapping's name). With it the single-bus keys
     * ({@code can.interface}, {@code can.replay.channel}, {@code dbc.file}, {@code mapping.*}) are refused, so no
     * setting is silently ignored. Empty when {@code can.buses} is unset.
     */
    private static List<BusConfig> buses(ConfigFile c, String kind) {
        List<String> stray = c.keysMatching(ConfigFile.BUS_KEY);
        if (!c.has("can.buses")) {
            for (String k : stray) {
                c.problem(k, "a bus setting needs can.buses to list the bus");
            }
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        for (String n : c.string("can.buses", "").split(",")) {
            String name = n.strip();
            if (!BUS_NAME.matcher(name).matches()) {
                c.problem("can.buses", "'" + name + "' is not a bus name (1-32 of a-z, 0-9, _ and -)");
            } else if (names.contains(name)) {
                c.problem("can.buses", "bus " + name + " is listed twice");
            } else {
                names.add(name);
            }
        }
        if ("simulator".equals(kind)) {
            c.problem("can.buses", "the simulator is one bus; several buses are for socketcan or a replay");
            return List.of();
        }
        for (String single : List.of("can.interface", "can.replay.channel", "dbc.file", "mapping.file",
                "mapping.name")) {
            if (c.has(single)) {
                String instead = single.equals("can.interface") ? "interface" : single.equals("can.replay.channel")
                        ? "channel" : single.equals("dbc.file") ? "dbc" : "mapping";
                c.problem(single, "with can.buses give each bus its own can.bus.<name>." + instead + " instead");
            }
        }
        List<BusConfig> out = new java.util.ArrayList<>();
        for (String name : names) {
            String prefix = "can.bus." + name + ".";
            for (String what : List.of("interface", "channel", "dbc", "mapping")) {
                c.environmentFor(prefix + what);
            }
            String iface = c.string(prefix + "interface", null);
            String channel = c.string(prefix + "channel", null);
            if ("socketcan".equals(kind) && iface == null) {
                c.required(prefix + "interface");
            }
            if ("replay".equals(kind) && channel == null) {
                c.required(prefix + "channel");
            }
            if ("replay".equals(kind) && iface != null) {
                c.problem(prefix + "interface", "a replay reads the log's channels: use " + prefix + "channel");
            }
            if ("socketcan".equals(kind) && channel != null) {
                c.problem(prefix + "channel", "SocketCAN reads interfaces: use " + prefix + "interface");
            }
            Path dbc = c.path(prefix + "dbc", null);
            String mapping = c.string(prefix + "mapping", null);
            Path mappingFile = null;
            String mappingName = "voltrace-bms";
            if (mapping != null) {
                if (io.voltrace.edge.bms.SignalMapping.SHIPPED.contains(mapping)) {
                    mappingName = mapping;
                } else {
                    mappingFile = c.path(prefix + "mapping", null);
                }
            }
            if (dbc == null && mappingFile == null && !"voltrace-bms".equals(mappingName)) {
                c.problem(prefix + "mapping", "the shipped mapping '" + mappingName + "' needs its vehicle's DBC in "
                        + prefix + "dbc");
            }
            out.add(new BusConfig(name, iface, channel, dbc, mappingFile, mappingName));
        }
        for (String k : stray) {
            String bus = k.substring("can.bus.".length(), k.lastIndexOf('.'));
            if (!names.contains(bus)) {
                c.problem(k, "bus '" + bus + "' is not in can.buses (" + String.join(", ", names) + ")");
            }
        }
        return out;
    }

    /**
     * The pack for full-rate evidence: all three {@code health.pack.*} keys, or none (then the simulated pack's, or
     * off for a real bus: the agent does not guess a chemistry).
     */
    private static HealthSettings.Pack healthPack(ConfigFile c, SimulatorConfig sim) {
        boolean any = c.has("health.pack.chemistry") || c.has("health.pack.nominal-ah") || c.has("health.pack.cells");
        if (!any) {
            return sim == null ? null : new HealthSettings.Pack(io.voltrace.common.chemistry.Chemistry.NMC,
                    sim.nominalAh(), sim.cells());
        }
        String chemistry = c.choice("health.pack.chemistry", null, "nmc", "lfp", "lco");
        double ah = c.decimal("health.pack.nominal-ah", 0, 0.001, 10_000);
        int cells = c.integer("health.pack.cells", 0, 1, 512);
        for (String key : List.of("health.pack.chemistry", "health.pack.nominal-ah", "health.pack.cells")) {
            if (!c.has(key)) {
                c.problem(key, "full-rate evidence needs health.pack.chemistry, .nominal-ah and .cells together");
            }
        }
        return chemistry == null || ah <= 0 || cells < 1 ? null
                : new HealthSettings.Pack(io.voltrace.common.chemistry.Chemistry.valueOf(
                        chemistry.toUpperCase(Locale.ROOT)), ah, cells);
    }

    /** The environment variable that overrides a key, e.g. {@code VOLTRACE_EDGE_MQTT_PASSWORD}. */
    public static String envName(String key) {
        return ConfigFile.envName(key);
    }
}
