package io.voltrace.analytics.soh;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import java.util.ArrayList;
import java.util.List;

/**
 * A single test cell with a known capacity: terminal voltage = OCV(SOC) + R·I, readings every {@code stepSeconds}.
 * Fading its capacity scales its charge–voltage curve evenly, which is what curve matching assumes.
 */
final class CellRun {
    final Chemistry chemistry;
    final double capacityAh;
    final double ohms;
    final double stepSeconds;
    final List<Point> points = new ArrayList<>();
    double soc;
    double tempC = 25;
    long t;

    CellRun(Chemistry chemistry, double capacityAh, double ohms, double stepSeconds, double soc) {
        this.chemistry = chemistry;
        this.capacityAh = capacityAh;
        this.ohms = ohms;
        this.stepSeconds = stepSeconds;
        this.soc = soc;
        points.add(Point.of(0, 0, volts(0), tempC));
    }

    double volts(double amps) {
        return chemistry.ocv().voltsAt(soc) + ohms * amps;
    }

    CellRun run(double amps, double seconds) {
        for (double s = 0; s < seconds - 1e-9; s += stepSeconds) {
            soc += amps * stepSeconds / 3600 / capacityAh * 100;
            t += Math.round(stepSeconds * 1000);
            points.add(Point.of(t, amps, volts(amps), tempC));
        }
        return this;
    }

    CellRun rest(double seconds) {
        return run(0, seconds);
    }

    /** Discharges at {@code amps} (a positive number) until the terminal voltage reads {@code volts} or less. */
    CellRun dischargeTo(double amps, double volts) {
        while (volts(-amps) > volts && soc > -5) {
            run(-amps, stepSeconds);
        }
        run(-amps, stepSeconds);
        return this;
    }

    /** Discharges at {@code amps} (a positive number) until the SOC is {@code socPercent}. */
    CellRun dischargeToSoc(double amps, double socPercent) {
        while (soc > socPercent) {
            run(-amps, stepSeconds);
        }
        return this;
    }

    EvidenceLog extract(ExtractorConfig config) {
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor x = new EvidenceExtractor(config, log);
        points.forEach(x::accept);
        x.finish();
        return log;
    }
}
