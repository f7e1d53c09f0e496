package io.voltrace.analytics.fleet;

import io.voltrace.analytics.grading.DayExtremes;
import io.voltrace.analytics.grading.Fault;
import io.voltrace.analytics.grading.InsulationTest;
import io.voltrace.analytics.grading.OcvDrift;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.grading.RestEvidence;
import io.voltrace.analytics.grading.ScreenEvidence;
import io.voltrace.analytics.rul.SohHistory;
import io.voltrace.analytics.rul.SohPoint;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.chemistry.OcvCurve;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic fleet for demonstrations and benchmarks, never for conclusions about real packs. Fade
 * follows a common empirical form, SOH = 100 − a·climate·√years − b·cycles, per-pack spread around it, monthly SOH
 * readings with noise and the odd bad reading; a year of screening evidence per pack; a few percent of packs carry
 * faults, a leaking or weak cell, an insulation fault or a thermal event.
 */
public final class SyntheticFleet {
    private static final long DAY_MS = DayExtremes.DAY_MS;
    private static final Model[] MODELS = {
            new Model("Aurora 60", Chemistry.NMC, 150, 96),
            new Model("Metro 75", Chemistry.NMC, 200, 104),
            new Model("Urban LFP 50", Chemistry.LFP, 160, 96),
            new Model("Cargo LFP 90", Chemistry.LFP, 280, 100)};
    private static final String[] CLIMATES = {"hot", "temperate", "cold"};
    private static final double[] CLIMATE_FACTOR = {1.5, 1.0, 0.8};
    private static final double[] CLIMATE_TEMP_C = {34, 24, 14};

    /**
     * One synthetic pack: its history, a year of screening evidence, its conditions and the latest SOH estimate.
     *
     * @param history     profile and SOH / resistance history
     * @param evidence    the last year of screening evidence
     * @param conditions  inspection findings
     * @param latest      the latest SOH as an estimate, for grading
     */
    public record Member(PackHistory history, ScreenEvidence evidence, PackConditions conditions,
                         SohEstimate latest) {
    }

    private record Model(String name, Chemistry chemistry, double nominalAh, int cellsSeries) {
    }

    private SyntheticFleet() {
    }

    /**
     * @param packs        fleet size
     * @param seed         same seed, same fleet
     * @param asOf         the day the fleet is looked at
     * @param evidenceDays days of screening evidence per pack (365 for a year)
     */
    public static List<Member> generate(int packs, long seed, LocalDate asOf, int evidenceDays) {
        List<Member> out = new ArrayList<>(packs);
        for (int i = 0; i < packs; i++) {
            out.add(member(i, new SplittableRandom(seed * 1_000_003L + i), asOf, evidenceDays));
        }
        return out;
    }

    private static Member member(int index, SplittableRandom rnd, LocalDate asOf, int evidenceDays) {
        Model model = MODELS[rnd.nextInt(MODELS.length)];
        int climate = rnd.nextInt(CLIMATES.length);
        double ageYears = 0.5 + 7.5 * rnd.nextDouble();
        LocalDate commissioned = asOf.minusDays(Math.round(ageYears * 365.25));
        // GB/T 34014 layout: maker SYN, pack, type letter, spec 01, traceability FLEET01, date T11, serial.
        String code = String.format("SYNP%c01FLEET01T11%07d", model.chemistry().codeLetter(), index);
        PackProfile profile = new PackProfile(code, model.name(), model.chemistry(), model.nominalAh(),
                model.cellsSeries(), commissioned, CLIMATES[climate]);

        boolean lfp = model.chemistry() == Chemistry.LFP;
        double spread = Math.exp(0.2 * gaussian(rnd));
        double calendar = (lfp ? 1.6 : 2.4) * CLIMATE_FACTOR[climate] * spread;
        double perCycle = (lfp ? 0.005 : 0.011) * spread;
        double cyclesPerYear = 120 + 260 * rnd.nextDouble();
        long bol = commissioned.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = asOf.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // Telemetry (and so SOH readings) reaches back at most three years.
        long first = Math.max(bol + 30 * DAY_MS, end - 3 * 365 * DAY_MS);
        List<SohPoint> soh = new ArrayList<>();
        List<ResistancePoint> resistance = new ArrayList<>();
        for (long t = first; t <= end; t += 30 * DAY_MS) {
            double years = (t - bol) / (365.25 * DAY_MS);
            double cycles = cyclesPerYear * years;
            double truth = 100 - calendar * Math.sqrt(years) - perCycle * cycles;
            double reading = truth + 0.5 * gaussian(rnd) - (rnd.nextDouble() < 0.03 ? 5 : 0);
            soh.add(new SohPoint(t, Math.max(20, reading), cycles));
            resistance.add(new ResistancePoint(t, (lfp ? 12 : 18) * CLIMATE_FACTOR[climate] * spread
                    * Math.sqrt(years) + 0.02 * cycles + 2 * gaussian(rnd)));
        }
        PackHistory history = new PackHistory(profile, new SohHistory(code, bol, soh), resistance);

        double roll = rnd.nextDouble();
        PackConditions conditions = PackConditions.none();
        double leak = 0;
        double cellSpread = 0.008 + 0.01 * rnd.nextDouble();
        if (roll < 0.02) {
            conditions = conditions.withInsulation(new InsulationTest(20_000 + 20_000 * rnd.nextDouble(),
                    model.cellsSeries() * 4.2));
        } else if (roll < 0.03) {
            conditions = conditions.withThermalEvents(1);
        } else if (roll < 0.05) {
            conditions = conditions.withFaults(EnumSet.of(rnd.nextBoolean() ? Fault.MECHANICAL_DAMAGE
                    : Fault.BMS_FAULT));
        } else if (roll < 0.07) {
            leak = 3 + 5 * rnd.nextDouble();
        } else if (roll < 0.08) {
            cellSpread = 0.14;
        } else if (roll < 0.30) {
            conditions = conditions.withInsulation(new InsulationTest(1_000_000 + 4_000_000 * rnd.nextDouble(),
                    model.cellsSeries() * 4.2));
        }
        Double r = history.latestResistanceIncreasePercent();
        if (r != null) {
            conditions = conditions.withResistanceIncreasePercent(r);
        }
        SohPoint last = soh.get(soh.size() - 1);
        SohEstimate latest = SohEstimate.of(code, model.nominalAh() * last.sohPercent() / 100, last.sohPercent(),
                0.8, 24, "synthetic");
        ScreenEvidence evidence = evidenceYear(rnd, model.chemistry(), end - evidenceDays * DAY_MS, evidenceDays,
                CLIMATE_TEMP_C[climate], cellSpread, leak, model.nominalAh());
        return new Member(history, evidence, conditions, latest);
    }

    /**
     * Screening evidence as one-a-minute telemetry of a commuter pack reduces to: per day its voltage and
     * temperature extremes; three rests a day (overnight about 11 h, at work about 8 h, a short one), the long ones
     * with the lowest cell's OCV read after settling and at the end.
     */
    static ScreenEvidence evidenceYear(SplittableRandom rnd, Chemistry chemistry, long fromTs, int days,
                                       double ambientC, double cellSpread, double leakPercentPerDay,
                                       double nominalAh) {
        OcvCurve ocv = chemistry.ocv();
        List<DayExtremes> dayList = new ArrayList<>(days);
        List<RestEvidence> rests = new ArrayList<>(days * 3);
        long dayStart = Math.floorDiv(fromTs, DAY_MS) * DAY_MS;
        for (int d = 0; d < days; d++) {
            long day = dayStart + d * DAY_MS;
            double low = 15 + 25 * rnd.nextDouble();
            double high = 75 + 25 * rnd.nextDouble();
            double minCell = ocv.voltsAt(low) - 0.08 * rnd.nextDouble();
            double maxCell = Math.min(ocv.voltsAt(high) + 0.02 * rnd.nextDouble(), ocv.maxVolts() + 0.02);
            double temp = ambientC + 4 + 8 * rnd.nextDouble();
            dayList.add(new DayExtremes(day, 1440, minCell, day + 8 * 3_600_000L, maxCell, day + 21 * 3_600_000L,
                    temp, day + 13 * 3_600_000L));
            // Overnight: from about 19:30 to 07:00 next morning; at work 08:30–16:30; short stop 17:30–18:15.
            rests.add(rest(rnd, ocv, day - 4 * 3_600_000L - 1_800_000L, 11.5, high, cellSpread, leakPercentPerDay,
                    nominalAh));
            rests.add(rest(rnd, ocv, day + 8 * 3_600_000L + 1_800_000L, 8, high - 20, cellSpread,
                    leakPercentPerDay, nominalAh));
            rests.add(rest(rnd, ocv, day + 17 * 3_600_000L + 1_800_000L, 0.75, low + 10, cellSpread,
                    leakPercentPerDay, nominalAh));
        }
        long lastTs = dayStart + days * DAY_MS - 60_000;
        return new ScreenEvidence(days * 1440, dayStart, lastTs, dayList, rests);
    }

    private static RestEvidence rest(SplittableRandom rnd, OcvCurve ocv, long start, double hours, double soc,
                                     double cellSpread, double leak, double nominalAh) {
        long end = start + Math.round(hours * 3_600_000);
        double spread = Math.max(0, cellSpread + 0.002 * gaussian(rnd));
        OcvDrift drift = null;
        if (hours >= 8) {
            long from = start + 2 * 3_600_000L + 300_000L;
            long to = end - 300_000L;
            double days = (to - from) / (double) DAY_MS;
            double parasiticAh = -0.01 * hours;
            double socTo = soc - leak * days + parasiticAh / nominalAh * 100 + 0.05 * gaussian(rnd);
            drift = new OcvDrift(from, to, mv(ocv.voltsAt(soc)), mv(ocv.voltsAt(socTo)), parasiticAh);
        }
        return new RestEvidence(start, end, spread, drift);
    }

    private static double mv(double volts) {
        return Math.round(volts * 1000) / 1000.0;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
