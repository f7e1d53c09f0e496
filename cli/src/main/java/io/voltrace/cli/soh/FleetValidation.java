package io.voltrace.cli.soh;

import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.EvidenceLog;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.cli.Progress;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.simulator.can.BmsSimulator;
import io.voltrace.simulator.pack.PackSpec;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Validation against known truth: a fleet of simulated packs (the {@code simulator} module's BMS on CAN, decoded and
 * sampled by the edge's own pipeline, a sample a minute with full-rate coulomb counters), each with a hidden true SOH.
 * The simulator does not share the estimator's assumptions: each cell has its own OCV curve of another form, with
 * hysteresis and hour-scale relaxation, and the BMS's sensors have gain, offset and noise. On top, every pack's
 * current sensor reads a further fixed offset high or low and its cell-voltage measurement carries a fixed bias. The estimate uses partial charges only: rests above 90 %
 * SOC (after the simulator's occasional full charge) are withheld, so no figure leans on a full charge.
 */
final class FleetValidation {
    static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final double SAMPLE_SECONDS = 60;
    static final double MAX_REST_SOC = 90;

    /** What a fleet run is made of. */
    record Settings(int packs, double days, long seed, double currentOffsetAmps, double voltageBiasVolts,
                    int threads) {
        Settings {
            if (packs < 1 || !(days > 0) || threads < 1) {
                throw new IllegalArgumentException("a fleet needs packs, days and threads");
            }
        }
    }

    /**
     * One pack's outcome.
     *
     * @param evidence      estimate from the evidence path (offset learned and removed, partial charges only)
     * @param rawTable      the table path ({@code CapacityEstimator.estimate}) on the same noisy samples, every row
     * @param offsetAmps    the sensor offset injected, on top of the simulated BMS's own
     * @param sensorAmps    the simulated BMS current sensor's own offset (the extractor learns the sum)
     * @param learnedAmps   the offset the extractor learned
     * @param fullCharges   charges that reached full in the simulation (none of them used)
     * @param withheldRests rests above 90 % SOC left out
     */
    record PackResult(int index, Chemistry chemistry, double nominalAh, double trueSoh, SohEstimate evidence,
                      SohEstimate rawTable, double offsetAmps, double sensorAmps, double learnedAmps, int fullCharges,
                      int withheldRests, int rests, int samples) {
    }

    List<PackResult> run(Settings s) throws Exception {
        return run(s, Progress.silent());
    }

    /** Runs the fleet, advancing {@code progress} by one as each pack is done. */
    List<PackResult> run(Settings s, Progress progress) throws Exception {
        DbcDatabase dbc = ReferenceDbc.load();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads(), r -> {
            Thread t = new Thread(r, "fleet-validation");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PackResult>> futures = new ArrayList<>();
            Random random = new Random(s.seed());
            for (int i = 0; i < s.packs(); i++) {
                // SOH spread evenly from 100 down to 60; nominal 50–150 Ah; climates 5–30 °C.
                double soh = s.packs() == 1 ? 90 : 100 - 40.0 * i / (s.packs() - 1);
                double nominal = 50 + 100 * random.nextDouble();
                double climate = 5 + 25 * random.nextDouble();
                double offset = (random.nextBoolean() ? 1 : -1) * s.currentOffsetAmps();
                double bias = (random.nextBoolean() ? 1 : -1) * s.voltageBiasVolts();
                PackSpec spec = new PackSpec(Chemistry.NMC, 96, nominal, soh, climate, s.seed() * 1000 + i);
                int index = i;
                futures.add(pool.submit(() -> {
                    PackResult r = runPack(dbc, index, spec, s.days(), offset, bias);
                    progress.advance(1);
                    return r;
                }));
            }
            List<PackResult> out = new ArrayList<>();
            for (Future<PackResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static PackResult runPack(DbcDatabase dbc, int index, PackSpec spec, double days, double offsetAmps,
                              double biasVolts) throws Exception {
        List<PackSample> samples = new ArrayList<>();
        PackSampler sampler = new PackSampler(dbc, SignalMapping.voltraceReference(), SAMPLE_SECONDS, samples::add);
        double trueSoh;
        double sensorAmps;
        try (BmsSimulator bms = new BmsSimulator(dbc, spec, START_MS, days)) {
            trueSoh = bms.trueSohPercent();
            sensorAmps = bms.bms().currentOffsetAmps();
            CanFrame f;
            while ((f = bms.next()) != null) {
                sampler.accept(f);
            }
        }
        List<PackSample> noisy = worsen(samples, offsetAmps, biasVolts, spec.cellsSeries());
        Chemistry chem = spec.chemistry();
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor extractor = new EvidenceExtractor(ExtractorConfig.of(chem, spec.nominalAh(),
                spec.cellsSeries()), log);
        for (PackSample p : noisy) {
            extractor.accept(Point.of(p));
        }
        extractor.finish();
        double maxRestVolts = chem.ocv().voltsAt(MAX_REST_SOC);
        List<Rest> partial = log.rests().stream().filter(r -> r.ocvVolts() <= maxRestVolts).toList();
        int fullCharges = (int) log.segments().stream()
                .filter(sg -> sg.direction() == Direction.CHARGE && sg.reachedFull()).count();
        CapacityEstimator estimator = CapacityEstimator.defaults();
        SohEstimate byEvidence = estimator.estimateFromRests("P" + index, chem, spec.nominalAh(), partial,
                log.segments());
        SohEstimate byTable = estimator.estimate("P" + index, chem, spec.nominalAh(), noisy);
        return new PackResult(index, chem, spec.nominalAh(), trueSoh, byEvidence, byTable, offsetAmps,
                sensorAmps, extractor.currentOffsetAmps(), fullCharges, log.rests().size() - partial.size(), log.rests().size(),
                samples.size());
    }

    /**
     * A biased current sensor: every reading is {@code offset} amperes off, and the edge's counters, which integrate
     * the readings, drift by offset × time. A biased voltage measurement: every cell reads {@code bias} volts off.
     */
    static List<PackSample> worsen(List<PackSample> samples, double offsetAmps, double biasVolts, int cells) {
        List<PackSample> out = new ArrayList<>(samples.size());
        if (samples.isEmpty()) {
            return out;
        }
        long t0 = samples.get(0).ts();
        for (PackSample s : samples) {
            double drift = offsetAmps * (s.ts() - t0) / 3_600_000.0;
            double charged = s.ahCharged() + Math.max(drift, 0);
            double discharged = s.ahDischarged() + Math.max(-drift, 0);
            out.add(new PackSample(s.ts(), s.packVoltage() + cells * biasVolts, s.packCurrent() + offsetAmps, s.soc(),
                    charged, discharged, s.cellVoltageMin() + biasVolts, s.cellVoltageMax() + biasVolts,
                    s.cellVoltageAvg() + biasVolts, s.tempMin(), s.tempMax()));
        }
        return out;
    }

    static void print(List<PackResult> results, Settings s, PrintWriter out) {
        out.printf(Locale.ROOT, "%d simulated NMC packs, %.0f days each, a sample a minute; current offset ±%.2f A, "
                        + "cell-voltage bias ±%.1f mV; rests above %.0f %% SOC withheld%n", s.packs(), s.days(),
                s.currentOffsetAmps(), s.voltageBiasVolts() * 1000, MAX_REST_SOC);
        out.printf(Locale.ROOT, "%4s %7s %8s %10s %7s %6s %8s %9s %10s %8s %6s %6s%n", "pack", "Ah", "true SOH",
                "estimated", "±1σ", "err", "segments", "offset A", "learned A", "table err", "±1σ", "full");
        for (PackResult r : results) {
            SohEstimate e = r.evidence();
            String est = e.sufficient() ? String.format(Locale.ROOT, "%10.2f %7.2f %+6.2f", e.sohPercent(),
                    e.uncertaintyPercent(), e.sohPercent() - r.trueSoh()) : String.format(Locale.ROOT, "%26s",
                    "insufficient");
            String raw = r.rawTable().sufficient() ? String.format(Locale.ROOT, "%+9.2f %6.2f",
                    r.rawTable().sohPercent() - r.trueSoh(), r.rawTable().uncertaintyPercent()) : "     none       ";
            out.printf(Locale.ROOT, "%4d %7.1f %8.2f %s %8d %+9.3f %+10.3f %s %6d%n", r.index(), r.nominalAh(),
                    r.trueSoh(), est, e.segments(), r.offsetAmps(), r.learnedAmps(), raw, r.fullCharges());
        }
        Score evidence = Score.of(results, PackResult::evidence);
        out.printf(Locale.ROOT, "figures for %d of %d packs; SOH mean |error| %.2f points, max %.2f points%n",
                evidence.n(), results.size(), evidence.meanAbs(), evidence.maxAbs());
        out.printf(Locale.ROOT, "errors inside the stated ±2σ: %d of %d (%.0f %%)%n", evidence.inside(),
                evidence.n(), evidence.insidePercent());
        Score table = Score.of(results, PackResult::rawTable);
        out.printf(Locale.ROOT, "table path (every row, no rest withheld): figures for %d of %d packs; SOH mean "
                        + "|error| %.2f points, max %.2f points; inside ±2σ: %d of %d%n", table.n(), results.size(),
                table.meanAbs(), table.maxAbs(), table.inside(), table.n());
        out.flush();
    }

    /** How one estimator did over the packs that got a figure: the error is in SOH points against the truth. */
    record Score(int n, double meanAbs, double maxAbs, int inside) {
        static Score of(List<PackResult> results, java.util.function.Function<PackResult, SohEstimate> which) {
            int n = 0;
            int inside = 0;
            double sumAbs = 0;
            double maxAbs = 0;
            for (PackResult r : results) {
                SohEstimate e = which.apply(r);
                if (e.sufficient()) {
                    double err = Math.abs(e.sohPercent() - r.trueSoh());
                    sumAbs += err;
                    maxAbs = Math.max(maxAbs, err);
                    n++;
                    inside += err <= 2 * e.uncertaintyPercent() ? 1 : 0;
                }
            }
            return new Score(n, n == 0 ? Double.NaN : sumAbs / n, n == 0 ? Double.NaN : maxAbs, inside);
        }

        double insidePercent() {
            return n == 0 ? Double.NaN : 100.0 * inside / n;
        }
    }
}
