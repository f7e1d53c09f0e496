package io.voltrace.analytics.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pulse tests of made-up batteries whose truth is known: an OCV curve of the charge relative to the battery's own
 * capacity (so a worn battery reads higher at the same nominal SOC), a per-battery OCV offset, and resistive pulses.
 */
final class SyntheticPulses {
    private SyntheticPulses() {
    }

    static double ocv(double relative) {
        return 3.3 + 0.9 * Math.pow(Math.min(1.2, relative), 0.6);
    }

    static List<PulseTest> batteries(String prefix, int n, double qn, long seed) {
        Random rnd = new Random(seed);
        List<PulseTest> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            double soh = 60 + 35 * rnd.nextDouble();
            double offset = 0.003 * rnd.nextGaussian();
            double r = 0.02 + 0.02 * (100 - soh) / 40;
            for (int soc = 5; soc <= 50; soc += 5) {
                out.add(test(prefix + b + "-" + soc, qn, soc, ocv(soc / soh) + offset, r, soh));
            }
        }
        return out;
    }

    /** One test: rest OCV {@code u1}, ohmic resistance {@code r} volts per C-rate, polarisation a third of it. */
    static PulseTest test(String id, double qn, double soc, double u1, double r, double soh) {
        double[] u = new double[PulseTest.VOLTAGES];
        u[0] = u1;
        double[] amps = {0.5, 1.0};
        for (int a = 0; a < 2; a++) {
            int o = 1 + 8 * a;
            double c = amps[a];
            u[o] = u1 + c * r;
            u[o + 1] = u[o] + c * r / 3;
            u[o + 2] = u[o + 1] - c * r;
            u[o + 3] = u1 + 0.0002;
            u[o + 4] = u[o + 3] - c * r;
            u[o + 5] = u[o + 4] - c * r / 3;
            u[o + 6] = u[o + 5] + c * r;
            u[o + 7] = u1 - 0.0001;
        }
        u[17] = u[16] + 1.5 * r;
        u[18] = u[17] + 1.5 * r / 3;
        u[19] = u[18] - 1.5 * r;
        u[20] = u1 + 0.0005;
        return new PulseTest(id, id + ".csv:1", qn, soc, u, soh);
    }
}
