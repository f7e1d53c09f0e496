package io.voltrace.analytics.passport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.voltrace.analytics.grading.Fault;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.grading.ScreenEvidence;
import io.voltrace.analytics.grading.SelfDischarge;
import io.voltrace.analytics.soh.PackTable;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Builds a pack's Battery Pass "batteryCondition" from what voltrace holds. Figures come from the telemetry (counters,
 * temperatures, voltages), the capacity estimate and the pack's conditions; each attribute voltrace has no evidence
 * for stays null with the reason, and lifetime totals stay null unless the telemetry reaches back to the begin of
 * life.
 */
public final class BatteryConditionBuilder {
    /** Days per month for %/month, as the Battery Pass states self-discharge. */
    private static final double DAYS_PER_MONTH = 365.25 / 12;
    /** Telemetry that starts within a day of the begin of life covers it. */
    private static final long BOL_TOLERANCE_MS = 86_400_000L;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final GradingPolicy policy;
    private final TemperatureLimits limits;

    /**
     * @param policy rest definition, over-voltage margin, temperature limit and self-discharge timing
     * @param limits boundaries for the time-at-extreme-temperature attributes
     */
    public BatteryConditionBuilder(GradingPolicy policy, TemperatureLimits limits) {
        this.policy = policy;
        this.limits = limits;
    }

    /**
     * The passport's builder: the default grading policy and temperature limits. Whoever counts telemetry for the
     * passport ahead of time (the ingest's reducer) counts with its {@link #thresholds}, whatever policy it grades with.
     */
    public static BatteryConditionBuilder defaults() {
        return new BatteryConditionBuilder(GradingPolicy.defaults(), TemperatureLimits.defaults());
    }

    /** The boundaries this builder counts telemetry against, for a pack of {@code chemistry}. */
    public ConditionThresholds thresholds(Chemistry chemistry) {
        return new ConditionThresholds(policy.rest().restCurrentAmps(), limits, chemistry.ocv().minVolts(),
                chemistry.ocv().maxVolts() + policy.overVoltageMarginVolts(), policy.maxTempC());
    }

    /** The condition from the whole telemetry in {@code in}: counted here, as a reducer counts it on arrival. */
    public BatteryCondition build(PassportInputs in, Instant generatedAt) {
        List<PackSample> rows = sorted(in.telemetry());
        TelemetryCounter counter = new TelemetryCounter(thresholds(in.chemistry()));
        rows.forEach(counter::accept);
        ScreenEvidence screen = rows.isEmpty() ? ScreenEvidence.empty()
                : ScreenEvidence.extract(PackTable.of(rows), policy);
        return build(in, counter.totals(), screen, generatedAt);
    }

    /**
     * The condition from telemetry already counted: {@code totals} (a {@link TelemetryCounter}'s, with this builder's
     * {@link #thresholds}) and the safety screens' evidence for self-discharge. {@code in}'s telemetry is not read.
     */
    public BatteryCondition build(PassportInputs in, TelemetryTotals totals, ScreenEvidence screen,
                                  Instant generatedAt) {
        return build(in, totals, screen, generatedAt, "no telemetry");
    }

    /**
     * The condition while the telemetry's totals are not known yet (being counted): every telemetry figure
     * unavailable with {@code reason}; the figures from other sources as usual.
     */
    public BatteryCondition pending(PassportInputs in, String reason, Instant generatedAt) {
        return build(in, TelemetryTotals.none(), ScreenEvidence.empty(), generatedAt, reason);
    }

    private BatteryCondition build(PassportInputs in, TelemetryTotals t, ScreenEvidence screen, Instant generatedAt,
                                   String noTelemetry) {
        boolean none = t.samples() == 0;
        Window w = window(t, in);
        String updated = none ? null : iso(t.lastTs());
        Double capacityAh = in.soh() != null && in.soh().sufficient() ? in.soh().capacityAh() : null;

        Attribute energy;
        Attribute capacity;
        Attribute cycles;
        if (none) {
            energy = Attribute.unavailable("kWh", noTelemetry);
            capacity = Attribute.unavailable("Ah", noTelemetry);
            cycles = Attribute.unavailable("cycles", noTelemetry);
        } else if (!w.coversBol) {
            String why = notLifetime(in, t.firstTs());
            energy = Attribute.unavailable("kWh", why + String.format(Locale.ROOT,
                    "; %.1f kWh counted over the window (observedWindow)", t.energyKwh()));
            capacity = Attribute.unavailable("Ah", why + String.format(Locale.ROOT,
                    "; %.1f Ah counted over the window (observedWindow)", t.throughputAh()));
            cycles = Attribute.unavailable("cycles", why + String.format(Locale.ROOT,
                    "; %.1f equivalent full cycles over the window (observedWindow)", w.efc));
        } else {
            int restarts = t.counterRestarts();
            String counters = "edge coulomb counters since begin of life" + (restarts > 0
                    ? String.format(Locale.ROOT, " (%d counter restart%s bridged)", restarts,
                    restarts == 1 ? "" : "s") : "");
            energy = Attribute.of(t.energyKwh(), "kWh", updated, counters
                    + ", charged plus discharged, × mean pack voltage of each interval");
            capacity = Attribute.of(t.throughputAh(), "Ah", updated, counters + ", charged plus discharged");
            cycles = Attribute.of(Math.floor(w.efc), "cycles", updated, String.format(Locale.ROOT,
                    "capacity throughput / (2 × rated %s Ah)", num(in.ratedCapacityAh())));
        }

        Attribute remainingCapacity;
        Attribute fade;
        if (capacityAh != null) {
            SohEstimate s = in.soh();
            String basis = String.format(Locale.ROOT, "%s, %d segments, ±%.1f %% of rated", s.method(), s.segments(),
                    s.uncertaintyPercent());
            remainingCapacity = Attribute.of(capacityAh, "Ah", updated, basis);
            fade = Attribute.of((in.ratedCapacityAh() - capacityAh) / in.ratedCapacityAh() * 100, "%", updated,
                    "(rated − remaining capacity) / rated " + num(in.ratedCapacityAh()) + " Ah; " + basis);
        } else {
            String why = in.soh() == null ? "no capacity estimate made"
                    : "capacity not established: " + in.soh().insufficientReason();
            remainingCapacity = Attribute.unavailable("Ah", why);
            fade = Attribute.unavailable("%", why);
        }

        String noUbe = "needs the usable battery energy measured by the UN GTR 22 procedure (or an on-board UBE"
                + " monitor) against the certified UBE; voltrace measures capacity in Ah, not usable energy";
        String noPower = "needs a power capability test at 80 % and 20 % SOC (EU 2023/1542 Annex IV part B); pack"
                + " telemetry holds no power limit under reference conditions";
        String noRte = "needs a discharge and a charge back to the same SOC at reference conditions with energy"
                + " metered both ways; telemetry at use conditions does not give it";

        Attribute[] selfDischarge = none ? new Attribute[]{Attribute.unavailable("%/month", noTelemetry),
                Attribute.unavailable("%", noTelemetry)} : selfDischarge(in, screen, capacityAh, updated);
        Attribute resistance = in.conditions().resistanceIncreasePercent() != null
                ? Attribute.of(in.conditions().resistanceIncreasePercent(), "%", null,
                "supplied with the pack's conditions, pack level")
                : Attribute.unavailable("%", "no resistance evidence: needs begin-of-life and present resistance"
                + " from current steps or a pulse test");
        Attribute soc = none ? Attribute.unavailable("%", noTelemetry)
                : Attribute.of(t.last().soc(), "%", updated,
                "BMS-reported SOC of the last sample (most BMSs count it against nameplate capacity)");

        return new BatteryCondition(in.battery(), iso(generatedAt.toEpochMilli()), energy, capacity, cycles,
                Attribute.unavailable("%", noUbe), fade, Attribute.unavailable("kWh", noUbe), remainingCapacity,
                negativeEvents(in, t), temperatures(in, t, w, updated, noTelemetry),
                Attribute.unavailable("W", noPower),
                Attribute.unavailable("%", "needs begin-of-life and present power capability; " + noPower),
                selfDischarge[1], selfDischarge[0], resistance, Attribute.unavailable("%", noRte),
                Attribute.unavailable("%", "needs begin-of-life and present round-trip efficiency; " + noRte),
                soc, w.observed);
    }

    /** JSON as the Battery Pass attribute names; nulls are kept, each with its reason beside it. */
    public static String toJson(BatteryCondition condition) {
        try {
            return JSON.writeValueAsString(condition);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** [current rate, evolution]. */
    private Attribute[] selfDischarge(PassportInputs in, ScreenEvidence evidence, Double capacityAh, String updated) {
        SelfDischarge sd = SelfDischarge.measure(in.chemistry(), evidence, capacityAh, policy.selfDischarge());
        if (!sd.measured()) {
            String why = String.format(Locale.ROOT, "too few long rests to read it: %d usable of %d, need %d"
                            + " (rests of ≥ %s h after %s h settling, on a sloped part of the OCV curve)",
                    sd.usableRests(), sd.longRests(), policy.selfDischarge().minRests(),
                    num(policy.selfDischarge().minHours()), num(policy.selfDischarge().settleHours()));
            return new Attribute[]{Attribute.unavailable("%/month", why), Attribute.unavailable("%", why)};
        }
        double perMonth = sd.medianPercentPerDay() * DAYS_PER_MONTH;
        Attribute current = Attribute.of(perMonth, "%/month", updated, String.format(Locale.ROOT,
                "lowest cell's OCV drop%s over %d long rests (median %.3f ± %.3f %%/day)%s, at use temperatures",
                sd.againstMean() ? " against the mean cell" : "", sd.usableRests(), sd.medianPercentPerDay(),
                sd.uncertaintyPercentPerDay(), sd.againstMean() ? ""
                        : sd.corrected() ? ", counted charge taken out" : ", not corrected for counted charge"));
        Double initial = in.initialSelfDischargePercentPerMonth();
        Attribute evolution = initial == null || !(initial > 0)
                ? Attribute.unavailable("%", "initial self-discharge unknown: needs the manufacturer's pre-use figure")
                : Attribute.of((perMonth - initial) / initial * 100, "%", updated, String.format(Locale.ROOT,
                "(current − initial %s %%/month) / initial", num(initial)));
        return new Attribute[]{current, evolution};
    }

    private TemperatureInformation temperatures(PassportInputs in, TelemetryTotals t, Window w, String updated,
                                                String noTelemetry) {
        if (t.samples() == 0) {
            Attribute none = Attribute.unavailable("min", noTelemetry);
            return new TemperatureInformation(limits, none, none, none, none);
        }
        if (!w.coversBol) {
            String why = notLifetime(in, t.firstTs()) + "; the window's minutes are in observedWindow";
            Attribute none = Attribute.unavailable("min", why);
            return new TemperatureInformation(limits, none, none, none, none);
        }
        String basis = "sum of sample intervals (≤ 10 min) whose first sample was beyond the boundary, since begin"
                + " of life";
        ObservedWindow o = w.observed;
        return new TemperatureInformation(limits,
                Attribute.of(o.minutesAboveHigh(), "min", updated, basis + ", hottest cell > " + num(limits.highC())
                        + " °C"),
                Attribute.of(o.minutesBelowLow(), "min", updated, basis + ", coldest cell < " + num(limits.lowC())
                        + " °C"),
                Attribute.of(o.minutesChargingAboveHigh(), "min", updated, basis + ", charging, hottest cell > "
                        + num(limits.chargingHighC()) + " °C"),
                Attribute.of(o.minutesChargingBelowLow(), "min", updated, basis + ", charging, coldest cell < "
                        + num(limits.chargingLowC()) + " °C"));
    }

    private List<NegativeEvent> negativeEvents(PassportInputs in, TelemetryTotals t) {
        List<NegativeEvent> events = new ArrayList<>();
        Chemistry c = in.chemistry();
        ConditionThresholds b = thresholds(c);
        episodes(t.deepDischarge(), events, String.format(Locale.ROOT,
                "deep discharge: lowest cell %%.3f V < %.3f V (%s empty)", b.deepDischargeV(), c));
        episodes(t.overVoltage(), events, String.format(Locale.ROOT,
                "over-voltage: highest cell %%.3f V > %.3f V (%s full + %.2f V)", b.overVoltageV(), c,
                policy.overVoltageMarginVolts()));
        episodes(t.overTemperature(), events, "over-temperature: hottest cell"
                + " %.1f °C > " + num(b.overTempC()) + " °C");
        PackConditions pc = in.conditions();
        if (pc.thermalEvents() != null && pc.thermalEvents() > 0) {
            events.add(new NegativeEvent(pc.thermalEvents() + " thermal event" + (pc.thermalEvents() == 1 ? "" : "s")
                    + " on record", null));
        }
        for (Fault f : pc.faults()) {
            events.add(new NegativeEvent("fault reported: " + f, null));
        }
        return events;
    }

    /** One entry per kind: how many separate episodes, the worst value and when the last one was. */
    private static void episodes(TelemetryTotals.Episodes e, List<NegativeEvent> out, String format) {
        if (e.count() > 0) {
            out.add(new NegativeEvent(String.format(Locale.ROOT, format, e.worst()) + String.format(Locale.ROOT,
                    ", %d episode%s", e.count(), e.count() == 1 ? "" : "s"), iso(e.lastTs())));
        }
    }

    private static Window window(TelemetryTotals t, PassportInputs in) {
        Window w = new Window();
        if (t.samples() == 0) {
            return w;
        }
        w.efc = t.throughputAh() / (2 * in.ratedCapacityAh());
        w.coversBol = in.beginOfLifeTs() != null && t.firstTs() - in.beginOfLifeTs() <= BOL_TOLERANCE_MS;
        w.observed = new ObservedWindow(iso(t.firstTs()), iso(t.lastTs()), (int) Math.min(Integer.MAX_VALUE,
                t.samples()), w.coversBol, t.throughputAh(), t.energyKwh(), w.efc, t.minutesAboveHigh(),
                t.minutesBelowLow(), t.minutesChargingAboveHigh(), t.minutesChargingBelowLow(),
                t.unobservedMinutes());
        return w;
    }

    private static String notLifetime(PassportInputs in, long firstTs) {
        if (in.beginOfLifeTs() == null) {
            return "a lifetime total, but the begin of life is unknown and telemetry starts " + iso(firstTs);
        }
        return String.format(Locale.ROOT, "a lifetime total, but telemetry starts %s, %.0f days after the begin of"
                + " life", iso(firstTs), (firstTs - in.beginOfLifeTs()) / 86_400_000.0);
    }

    private static List<PackSample> sorted(List<PackSample> samples) {
        List<PackSample> rows = new ArrayList<>(samples.size());
        for (PackSample s : samples) {
            if (Double.isFinite(s.packVoltage()) && Double.isFinite(s.packCurrent()) && Double.isFinite(s.soc())
                    && Double.isFinite(s.ahCharged()) && Double.isFinite(s.ahDischarged())
                    && Double.isFinite(s.cellVoltageMin()) && Double.isFinite(s.cellVoltageMax())
                    && Double.isFinite(s.cellVoltageAvg()) && Double.isFinite(s.tempMin())
                    && Double.isFinite(s.tempMax())) {
                rows.add(s);
            }
        }
        rows.sort(Comparator.comparingLong(PackSample::ts));
        return rows;
    }

    private static String iso(long ts) {
        return Instant.ofEpochMilli(ts).toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static final class Window {
        double efc;
        boolean coversBol;
        ObservedWindow observed;
    }
}
