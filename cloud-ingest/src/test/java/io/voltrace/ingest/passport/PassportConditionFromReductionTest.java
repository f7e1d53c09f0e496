package io.voltrace.ingest.passport;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.passport.BatteryCondition;
import io.voltrace.analytics.passport.BatteryConditionBuilder;
import io.voltrace.analytics.passport.PassportInputs;
import io.voltrace.analytics.passport.TemperatureLimits;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.ingest.health.EvidenceCodec;
import io.voltrace.ingest.health.HealthReducer;
import io.voltrace.ingest.health.ReducedEvidence;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.store.TelemetryReader;
import io.voltrace.ingest.testing.TestStores;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.simulator.telemetry.TelemetryRun;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passport's battery condition comes from the health reduction, counted as telemetry arrives, and equals what the
 * whole raw telemetry gives: across restarts, with repeated and late telemetry, and for a battery reduced before the
 * reduction kept the passport's totals (counted once from the stored history).
 */
class PassportConditionFromReductionTest {
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant NOW = START.plus(Duration.ofDays(12));
    static final String RESUMED = "VTRPE96DEMO001T5C0000031";
    static final String LATE = "VTRPE96DEMO001T5C0000032";
    static final String OLD = "VTRPE96DEMO001T5C0000033";
    /** Ten days of a 50 Ah, 96-cell NMC pack at 85 % from the simulator. */
    static final PackSpec PACK = new PackSpec(Chemistry.NMC, 96, 50, 85, 20, 1);

    @TempDir
    static Path root;
    static TestStores stores;
    static TelemetryReader reader;
    static Registry registry;
    static Ledger ledger;
    static List<PackSample> samples;

    @BeforeAll
    static void store() throws Exception {
        stores = TestStores.open(root);
        reader = stores.reader();
        registry = stores.registry();
        registry.createOrganisation(new Organisation("manufacturer", "manufacturer", OrganisationKind.MANUFACTURER,
                START));
        ledger = new Ledger(registry, Clock.fixed(NOW, ZoneOffset.UTC));
        registry.registerDevice("veh-1", "s1".toCharArray());
        samples = withExtremes(TelemetryRun.of(PACK).startMs(START.toEpochMilli()).days(10).run().samples());
        for (String code : List.of(RESUMED, LATE, OLD)) {
            registry.registerBattery(new BatteryRecord(code, "veh-1", PACK.chemistry(), PACK.nominalAh(),
                    PACK.cellsSeries(), "VT-City 50", START));
            // Begin of life at the first sample: the lifetime attributes have values to compare.
            ledger.append(new NewEvent(code, EventType.PRODUCTION, START, "manufacturer", Map.of()));
        }
    }

    /**
     * The simulator's days plus what makes every figure non-trivial: an hour at 62 °C (over-temperature, extreme
     * high, charging hot), an hour at −25 °C, and an edge counter restart half way.
     */
    private static List<PackSample> withExtremes(List<PackSample> run) {
        List<PackSample> out = new ArrayList<>(run.size());
        int hot = run.size() / 4;
        int cold = run.size() * 3 / 5;
        int restart = run.size() / 2;
        double ch0 = run.get(restart).ahCharged();
        double dis0 = run.get(restart).ahDischarged();
        for (int i = 0; i < run.size(); i++) {
            PackSample s = run.get(i);
            double tMin = s.tempMin();
            double tMax = s.tempMax();
            if (i >= hot && i < hot + 60) {
                tMax = 62;
            }
            if (i >= cold && i < cold + 60) {
                tMin = -25;
            }
            double ch = i >= restart ? s.ahCharged() - ch0 : s.ahCharged();
            double dis = i >= restart ? s.ahDischarged() - dis0 : s.ahDischarged();
            out.add(new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), ch, dis, s.cellVoltageMin(),
                    s.cellVoltageMax(), s.cellVoltageAvg(), tMin, tMax));
        }
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        if (stores != null) {
            stores.close();
        }
    }

    /** A fresh reducer: nothing in memory, as after a restart. */
    private static HealthReducer reducer() {
        return stores.reducer(NOW);
    }

    private static void write(String code, List<PackSample> rows) throws Exception {
        stores.write(code, rows);
    }

    /** What the passport shows now: from the stored reduction. */
    private static BatteryCondition passport(String code) {
        return new PassportService(registry, ledger, true, Clock.fixed(NOW, ZoneOffset.UTC)).condition(code);
    }

    /** What the whole raw telemetry gives (the passport's way before the reduction kept its totals). */
    private static BatteryCondition fromRaw(String code, List<PackSample> rows) {
        return new BatteryConditionBuilder(GradingPolicy.defaults(), TemperatureLimits.defaults()).build(
                new PassportInputs(code, PACK.chemistry(), PACK.nominalAh(), START.toEpochMilli(), rows, null,
                        PackConditions.none(), null), NOW);
    }

    @Test
    void theConditionFromTheReductionIsTheConditionFromRawTelemetryAcrossRestarts() throws Exception {
        int a = samples.size() / 3 + 11;
        int b = samples.size() * 2 / 3 + 5;
        for (List<PackSample> pass : List.of(samples.subList(0, a), samples.subList(a, b),
                samples.subList(b, samples.size()))) {
            write(RESUMED, pass);
            reducer().reduce(RESUMED); // each pass a new process: resumes from the saved totals
        }

        BatteryCondition reduced = passport(RESUMED);
        BatteryCondition raw = fromRaw(RESUMED, samples);
        assertThat(reduced).isEqualTo(raw);
        // Every figure compared is a figure: lifetime totals, temperatures, events, self-discharge and SOC.
        assertThat(raw.capacityThroughput().value()).isPositive();
        assertThat(raw.capacityThroughput().basis()).contains("1 counter restart bridged");
        assertThat(raw.energyThroughput().value()).isPositive();
        assertThat(raw.temperatureInformation().timeExtremeHighTemp().value()).isCloseTo(60.0,
                org.assertj.core.api.Assertions.within(1.0));
        assertThat(raw.temperatureInformation().timeExtremeLowTemp().value()).isCloseTo(60.0,
                org.assertj.core.api.Assertions.within(1.0));
        assertThat(raw.negativeEvents()).anySatisfy(e -> assertThat(e.negativeEvent()).startsWith(
                "over-temperature: hottest cell 62.0"));
        assertThat(raw.stateOfCharge().value()).isEqualTo(samples.get(samples.size() - 1).soc());
        assertThat(raw.observedWindow().samples()).isEqualTo(samples.size());
    }

    @Test
    void repeatedAndLateTelemetryDoesNotChangeTheLifetimeTotals() throws Exception {
        int half = samples.size() / 2 + 3;
        write(LATE, samples.subList(0, half));
        HealthReducer reducer = reducer();
        reducer.reduce(LATE);
        BatteryCondition before = passport(LATE);

        // The same rows again (a resend) and rows between stored ones, older than the watermark (a late spool).
        List<PackSample> older = new ArrayList<>();
        for (PackSample s : samples.subList(half - 120, half)) {
            older.add(new PackSample(s.ts() - 30_000, s.packVoltage(), s.packCurrent(), s.soc(),
                    s.ahCharged() + 5, s.ahDischarged() + 5, s.cellVoltageMin(), s.cellVoltageMax(),
                    s.cellVoltageAvg(), s.tempMin(), 70));
        }
        write(LATE, samples.subList(0, 2000));
        write(LATE, older);
        reducer.reduce(LATE);
        assertThat(passport(LATE)).as("late rows are stored, counted as late, never in the totals")
                .isEqualTo(before);
        assertThat(reader.count(LATE)).isEqualTo(half + older.size());

        write(LATE, samples.subList(half, samples.size()));
        reducer().reduce(LATE);
        assertThat(passport(LATE)).isEqualTo(fromRaw(LATE, samples));
    }

    @Test
    void aBatteryReducedBeforeTheTotalsWereKeptIsCountedOnceFromItsStoredHistory() throws Exception {
        int part = samples.size() * 3 / 5;
        write(OLD, samples.subList(0, part));
        reducer().reduce(OLD);
        asReducedBeforeTheTotals(OLD);
        assertThat(passport(OLD).capacityThroughput().unavailableReason()).startsWith("reduced before the passport's"
                + " totals were kept");
        assertThat(passport(OLD).stateOfCharge().value()).isNull();

        // The next pass counts the history although nothing new arrived, and saves it.
        assertThat(reducer().reduce(OLD)).isZero();
        assertThat(passport(OLD)).isEqualTo(fromRaw(OLD, samples.subList(0, part)));

        // Then it counts on from the watermark, never the history again.
        write(OLD, samples.subList(part, samples.size()));
        reducer().reduce(OLD);
        assertThat(passport(OLD)).isEqualTo(fromRaw(OLD, samples));
    }

    /** Rewrites a battery's saved reduction as the reducer wrote it before the totals: evidence codec version 2. */
    private static void asReducedBeforeTheTotals(String code) throws Exception {
        byte[] state;
        byte[] evidence;
        try (Connection c = registry.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT state, evidence FROM health_reduction WHERE battery = ?")) {
            s.setString(1, code);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                state = rs.getBytes(1);
                evidence = rs.getBytes(2);
            }
        }
        // The state is the extractor's and the screens' sections, each after its length, then closed evidence.
        ByteBuffer in = ByteBuffer.wrap(state);
        int machine = in.getInt();
        in.position(in.position() + machine);
        int screen = in.getInt();
        in.position(in.position() + screen);
        int at = in.position();
        byte[] oldState = concat(Arrays.copyOf(state, at), version2(Arrays.copyOfRange(state, at, state.length)));
        try (Connection c = registry.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE health_reduction SET state = ?, evidence = ? WHERE battery = ?")) {
            s.setBytes(1, oldState);
            s.setBytes(2, version2(evidence));
            s.setString(3, code);
            assertThat(s.executeUpdate()).isOne();
        }
    }

    /** Version 2 wrote the same bytes as version 3 without the totals (version 3 without them ends in a 0 byte). */
    private static byte[] version2(byte[] v3) {
        ReducedEvidence e = EvidenceCodec.decode(v3);
        byte[] without = EvidenceCodec.encode(new ReducedEvidence(e.samples(), e.lateSamples(), e.firstTs(),
                e.lastTs(), e.throughput(), e.segments(), e.rests(), e.steps(), e.events(), e.days(),
                e.screenRests(), null));
        assertThat(without[without.length - 1]).isZero();
        byte[] v2 = Arrays.copyOf(without, without.length - 1);
        v2[0] = 2;
        assertThat(EvidenceCodec.decode(v2).telemetry()).isNull();
        return v2;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
