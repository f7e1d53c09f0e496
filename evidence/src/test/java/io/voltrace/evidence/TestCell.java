package io.voltrace.evidence;

import io.voltrace.common.chemistry.Chemistry;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic single cell for tests: terminal voltage = OCV(SOC) + R·I, no relaxation, so every figure the
 * extractor reports has an exact expected value. Readings every {@code stepSeconds}.
 */
final class TestCell {
    final Chemistry chemistry;
    final double capacityAh;
    final double ohms;
    final double stepSeconds;
    double soc;
    double tempC = 25;
    double sensorOffsetAmps;
    long t;
    final List<Point> out = new ArrayList<>();

    TestCell(Chemistry chemistry, double capacityAh, double ohms, double stepSeconds, double soc) {
        this.chemistry = chemistry;
        this.capacityAh = capacityAh;
        this.ohms = ohms;
        this.stepSeconds = stepSeconds;
        this.soc = soc;
    }

    double volts(double amps) {
        return chemistry.ocv().voltsAt(soc) + ohms * amps;
    }

    /** Holds {@code amps} (charge positive) for {@code seconds}; the reading at each step shows that current. */
    TestCell run(double amps, double seconds) {
        for (double s = 0; s < seconds - 1e-9; s += stepSeconds) {
            soc += amps * stepSeconds / 3600 / capacityAh * 100;
            t += Math.round(stepSeconds * 1000);
            out.add(Point.of(t, amps + sensorOffsetAmps, volts(amps), tempC));
        }
        return this;
    }

    /** Discharges at {@code amps} (positive number) until the terminal voltage reaches {@code volts}. */
    TestCell dischargeTo(double amps, double volts) {
        while (volts(-amps) > volts && soc > 0) {
            run(-amps, stepSeconds);
        }
        return this;
    }

    TestCell rest(double seconds) {
        return run(0, seconds);
    }

    /** A first reading at rest, at time 0. */
    TestCell start() {
        out.add(Point.of(t, sensorOffsetAmps, volts(0), tempC));
        return this;
    }

    List<Evidence> extract(ExtractorConfig config) {
        List<Evidence> evidence = new ArrayList<>();
        EvidenceExtractor x = new EvidenceExtractor(config, evidence::add);
        out.forEach(x::accept);
        x.finish();
        return evidence;
    }

    static <T extends Evidence> List<T> only(List<Evidence> evidence, Class<T> kind) {
        return evidence.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
