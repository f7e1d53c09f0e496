package io.voltrace.simulator.fleet;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.simulator.cell.Gaussian;
import io.voltrace.simulator.pack.Defects;
import io.voltrace.simulator.pack.Pack;
import io.voltrace.simulator.pack.PackSpec;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic simulated fleet for demonstrations, reports and benchmarks, never for conclusions about real packs.
 *
 * <p>Aging follows a common empirical form, SOH = 100 − a·climate·√years − b·cycles, with per-pack spread; monthly
 * readings carry an estimator's noise and the odd bad reading. A few percent of packs carry a finding: an insulation
 * fault, a thermal event, damage or a BMS fault, a leaking or a weak cell.
 *
 * <p>Screening days and rests come from the simulator's own {@link Pack} (each cell its own OCV curve, hysteresis,
 * relaxation, capacity spread, a leaking or weak cell as {@link Defects}), stepped coarsely through a commuter's day:
 * parked overnight, a drive to work, parked at work, a drive, a short stop, a drive, an evening charge and top
 * balancing. Coarse (a quarter hour while current flows) because a year for thousands of packs must take seconds; the
 * second-by-second path is {@code TelemetryRun}. Daily SOC swings are drawn as the former generator drew them.
 */
public final class FleetSimulator {
    private static final long DAY_MS = 86_400_000L;
    private static final long HOUR_MS = 3_600_000L;
    private static final Model[] MODELS = {
            new Model("Aurora 60", Chemistry.NMC, 150, 96),
            new Model("Metro 75", Chemistry.NMC, 200, 96),
            new Model("Urban LFP 50", Chemistry.LFP, 160, 96),
            new Model("Cargo LFP 90", Chemistry.LFP, 280, 96)};
    private static final String[] CLIMATES = {"hot", "temperate", "cold"};
    private static final double[] CLIMATE_FACTOR = {1.5, 1.0, 0.8};
    private static final double[] CLIMATE_TEMP_C = {30, 18, 8};
    /** The BMS's own draw while parked, amperes. */
    private static final double PARASITIC_AMPS = 0.01;

    private record Model(String name, Chemistry chemistry, double nominalAh, int cellsSeries) {
    }

    private FleetSimulator() {
    }

    /**
     * @param packs        fleet size
     * @param seed         same seed, same fleet
     * @param asOf         the day the fleet is looked at
     * @param evidenceDays days of screening evidence per pack (365 for a year)
     */
    public static List<FleetPack> generate(int packs, long seed, LocalDate asOf, int evidenceDays) {
        if (packs < 0 || evidenceDays < 1) {
            throw new IllegalArgumentException("a fleet needs packs ≥ 0 and evidenceDays ≥ 1, was " + packs + ", "
                    + evidenceDays);
        }
        List<FleetPack> out = new ArrayList<>(packs);
        for (int i = 0; i < packs; i++) {
            out.add(pack(i, new SplittableRandom(seed * 1_000_003L + i), asOf, evidenceDays));
        }
        return out;
    }

    private static FleetPack pack(int index, SplittableRandom rnd, LocalDate asOf, int evidenceDays) {
        Model model = MODELS[rnd.nextInt(MODELS.length)];
        int climate = rnd.nextInt(CLIMATES.length);
        double ageYears = 0.5 + 7.5 * rnd.nextDouble();
        LocalDate commissioned = asOf.minusDays(Math.round(ageYears * 365.25));
        // GB/T 34014 layout: maker SYN, pack, type letter, spec 01, traceability FLEET01, date T11, serial.
        String code = String.format("SYNP%c01FLEET01T11%07d", model.chemistry().codeLetter(), index);

        boolean lfp = model.chemistry() == Chemistry.LFP;
        double spread = Math.exp(0.2 * Gaussian.next(rnd));
        double calendar = (lfp ? 1.6 : 2.4) * CLIMATE_FACTOR[climate] * spread;
        double perCycle = (lfp ? 0.005 : 0.011) * spread;
        double cyclesPerYear = 120 + 260 * rnd.nextDouble();
        long bol = commissioned.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = asOf.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // Telemetry (and so SOH readings) reaches back at most three years.
        long first = Math.max(bol + 30 * DAY_MS, end - 3 * 365 * DAY_MS);
        List<FleetPack.SohReading> soh = new ArrayList<>();
        List<FleetPack.ResistanceReading> resistance = new ArrayList<>();
        double trueSoh = 100;
        for (long t = first; t <= end; t += 30 * DAY_MS) {
            double years = (t - bol) / (365.25 * DAY_MS);
            double cycles = cyclesPerYear * years;
            trueSoh = 100 - calendar * Math.sqrt(years) - perCycle * cycles;
            double reading = trueSoh + 0.5 * Gaussian.next(rnd) - (rnd.nextDouble() < 0.03 ? 5 : 0);
            soh.add(new FleetPack.SohReading(t, Math.max(20, reading), cycles));
            resistance.add(new FleetPack.ResistanceReading(t, (lfp ? 12 : 18) * CLIMATE_FACTOR[climate] * spread
                    * Math.sqrt(years) + 0.02 * cycles + 2 * Gaussian.next(rnd)));
        }

        double roll = rnd.nextDouble();
        FleetPack.Finding finding = FleetPack.Finding.NONE;
        Double insulation = null;
        Defects defects = Defects.none();
        if (roll < 0.02) {
            finding = FleetPack.Finding.INSULATION_FAULT;
            insulation = 20_000 + 20_000 * rnd.nextDouble();
        } else if (roll < 0.03) {
            finding = FleetPack.Finding.THERMAL_EVENT;
        } else if (roll < 0.05) {
            finding = rnd.nextBoolean() ? FleetPack.Finding.MECHANICAL_DAMAGE : FleetPack.Finding.BMS_FAULT;
        } else if (roll < 0.07) {
            finding = FleetPack.Finding.LEAKING_CELL;
            defects = defects.withLeakingCell(3 + 5 * rnd.nextDouble());
        } else if (roll < 0.08) {
            finding = FleetPack.Finding.WEAK_CELL;
            defects = defects.withWeakCell(0.6 + 0.1 * rnd.nextDouble());
        } else if (roll < 0.30) {
            insulation = 1_000_000 + 4_000_000 * rnd.nextDouble();
        }
        PackSpec spec = new PackSpec(model.chemistry(), model.cellsSeries(), model.nominalAh(),
                Math.max(21, Math.min(110, trueSoh)), CLIMATE_TEMP_C[climate], rnd.nextLong());
        Screening s = new Screening(spec, defects, rnd.split());
        s.run(end - evidenceDays * DAY_MS, evidenceDays);
        return new FleetPack(code, model.name(), model.chemistry(), model.nominalAh(), model.cellsSeries(),
                commissioned, CLIMATES[climate], bol, List.copyOf(soh), List.copyOf(resistance), finding, insulation,
                model.cellsSeries() * 4.2, List.copyOf(s.days), List.copyOf(s.rests));
    }

    /** A year of a commuter's days on one simulated pack, stepped coarsely. */
    private static final class Screening {
        private final PackSpec spec;
        private final Pack pack;
        private final SplittableRandom rnd;
        private final double capacityAh;
        private final double vMin;
        private final double vMax;
        private final List<FleetPack.Day> days = new ArrayList<>();
        private final List<FleetPack.Rest> rests = new ArrayList<>();
        private long t;
        private double dayMin;
        private long dayMinAt;
        private double dayMax;
        private long dayMaxAt;
        private double dayTemp;
        private long dayTempAt;

        Screening(PackSpec spec, Defects defects, SplittableRandom rnd) {
            this.spec = spec;
            this.rnd = rnd;
            this.pack = new Pack(spec, rnd.split(), 80, defects);
            this.capacityAh = pack.meanCapacityAh();
            this.vMin = spec.chemistry().ocv().minVolts() + 0.05;
            this.vMax = spec.chemistry().ocv().maxVolts() + 0.01;
        }

        void run(long fromMs, int count) {
            long dayStart = Math.floorDiv(fromMs, DAY_MS) * DAY_MS;
            t = dayStart - 4 * HOUR_MS - HOUR_MS / 2; // the evening before: parked from 19:30
            for (int d = 0; d < count; d++) {
                long day = dayStart + d * DAY_MS;
                double low = 15 + 25 * rnd.nextDouble();
                double high = 75 + 25 * rnd.nextDouble();
                resetDay();
                rest(day + 7 * HOUR_MS);                       // overnight, about 11.5 h
                move(high - 20, day + 8 * HOUR_MS + HOUR_MS / 2);
                rest(day + 16 * HOUR_MS + HOUR_MS / 2);         // at work, 8 h
                move(low + 10, day + 17 * HOUR_MS + HOUR_MS / 4);
                rest(day + 18 * HOUR_MS);                       // a short stop
                move(low, day + 18 * HOUR_MS + HOUR_MS / 4);
                move(high, day + 19 * HOUR_MS + HOUR_MS / 2);   // the evening charge, about 0.6 C, CV at the top
                pack.balance();
                days.add(new FleetPack.Day(day, dayMin, dayMinAt, dayMax, dayMaxAt, dayTemp, dayTempAt));
            }
        }

        private void resetDay() {
            dayMin = Double.MAX_VALUE;
            dayMax = -Double.MAX_VALUE;
            dayTemp = -Double.MAX_VALUE;
        }

        /**
         * Constant current from the present SOC to {@code targetSoc} by {@code until}, held by the cell voltage limits
         * as a charger's CV phase and a drive's power limit hold it.
         */
        private void move(double targetSoc, long until) {
            double hours = (until - t) / (double) HOUR_MS;
            double amps = (targetSoc - pack.meanSocPercent()) / 100 * capacityAh / hours;
            while (t < until) {
                // A minute once the top cell nears its limit, so the CV phase holds it there; five otherwise.
                boolean nearTop = amps > 0 && pack.maxCellVolts() > vMax - 0.06;
                long dt = Math.min(nearTop ? 60_000L : 5 * 60_000L, until - t);
                step(pack.limitCurrent(amps, vMin, vMax), dt);
                double min = pack.minCellVolts();
                double max = pack.maxCellVolts();
                if (min < dayMin) {
                    dayMin = min;
                    dayMinAt = t;
                }
                if (max > dayMax) {
                    dayMax = max;
                    dayMaxAt = t;
                }
            }
        }

        /** Parked until {@code until}, the BMS drawing its few milliamperes. */
        private void rest(long until) {
            long start = t;
            double hours = (until - start) / (double) HOUR_MS;
            FleetPack.Drift drift = null;
            if (hours >= 8) {
                long from = start + 2 * HOUR_MS + 300_000;
                long to = until - 300_000;
                stepTo(from);
                double v0 = pack.minCellVolts();
                stepTo(to);
                double v1 = pack.minCellVolts();
                drift = new FleetPack.Drift(from, to, mv(v0), mv(v1), -PARASITIC_AMPS * (to - from) / HOUR_MS);
            }
            stepTo(until);
            rests.add(new FleetPack.Rest(start, until, mv(pack.maxCellVolts()) - mv(pack.minCellVolts()), drift));
        }

        private void stepTo(long until) {
            while (t < until) {
                step(-PARASITIC_AMPS, Math.min(HOUR_MS, until - t));
            }
        }

        private void step(double amps, long dtMs) {
            double ambient = spec.climateC() + 6 * Math.sin(2 * Math.PI * ((t % DAY_MS) / (double) DAY_MS - 0.375));
            pack.step(amps, dtMs / 1000.0, ambient);
            t += dtMs;
            if (pack.tempC() > dayTemp) {
                dayTemp = pack.tempC();
                dayTempAt = t;
            }
        }

        private static double mv(double volts) {
            return Math.round(volts * 1000) / 1000.0;
        }
    }
}
