package io.voltrace.cli.demo;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.simulator.pack.PackSpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A demo fleet: packs whose true state of health spreads evenly from about 100 % down to about 55 %, of a few
 * models, in a few climates, each with a GB/T 34014 code whose production date matches its age.
 */
final class Fleet {
    private static final String[] MODELS = {"VT-City 50", "VT-Family 60", "VT-Van 75"};
    private static final double[] MODEL_AH = {50, 60, 75};
    private static final String SPEC = "96";
    private static final String TRACE = "DEMO001";
    /** GB/T 34014 year characters for 2017..2026 (I, O, Q never used). */
    private static final char[] YEAR = {'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T'};
    private static final String MONTH = "123456789ABC";
    private static final String DAY = "123456789ABCDEFGHJKLMNPRSTUVWXY";

    private Fleet() {
    }

    static List<Vehicle> create(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SecureRandom secrets = new SecureRandom();
        List<Vehicle> fleet = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double spread = count == 1 ? 0 : (double) i / (count - 1);
            double trueSoh = 100 - 45 * spread + (i == 0 ? -0.5 : random.nextDouble() - 0.5);
            int model = i % MODELS.length;
            double climate = 8 + 20 * random.nextDouble();
            // Older packs were made earlier: about 1.5 years per 10 points of fade.
            int yearsOld = (int) Math.round((100 - trueSoh) / 10 * 1.5);
            char year = YEAR[Math.max(0, YEAR.length - 1 - yearsOld)];
            String code = "VTR" + "P" + Chemistry.NMC.codeLetter() + SPEC + TRACE + year
                    + MONTH.charAt(random.nextInt(12)) + DAY.charAt(random.nextInt(28))
                    + String.format("%07d", i + 1);
            BatteryCode.parse(code); // fails loudly if the generator ever breaks the standard
            char[] secret = new char[24];
            for (int k = 0; k < secret.length; k++) {
                secret[k] = (char) ('a' + secrets.nextInt(26));
            }
            PackSpec spec = new PackSpec(Chemistry.NMC, 96, MODEL_AH[model], trueSoh, climate, seed * 1000 + i);
            fleet.add(new Vehicle(String.format("veh-%04d", i + 1), secret, code, MODELS[model], spec));
        }
        return fleet;
    }
}
