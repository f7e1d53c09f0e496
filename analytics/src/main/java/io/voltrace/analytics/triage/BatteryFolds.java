package io.voltrace.analytics.triage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Splits pulse tests by battery, never by row: a battery's rows at its several states of charge share its history,
 * so a row of it in the fitting part would leak its answer into the checking part.
 */
final class BatteryFolds {
    private BatteryFolds() {
    }

    static List<String> batteries(List<PulseTest> tests, String separator) {
        return new ArrayList<>(new LinkedHashSet<>(tests.stream().map(t -> t.battery(separator)).toList()));
    }

    /** Fold index per test, batteries dealt round-robin after a seeded shuffle. */
    static int[] folds(List<PulseTest> tests, String separator, int k, long seed) {
        List<String> batteries = batteries(tests, separator);
        Collections.shuffle(batteries, new Random(seed));
        Map<String, Integer> fold = new HashMap<>();
        for (int i = 0; i < batteries.size(); i++) {
            fold.put(batteries.get(i), i % k);
        }
        int[] out = new int[tests.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fold.get(tests.get(i).battery(separator));
        }
        return out;
    }

    /** The first {@code share} of the shuffled batteries (at least two, leaving at least one). */
    static List<String> calibrationBatteries(List<PulseTest> tests, String separator, double share, long seed) {
        List<String> batteries = batteries(tests, separator);
        Collections.shuffle(batteries, new Random(seed));
        int n = (int) Math.max(2, Math.round(share * batteries.size()));
        return batteries.subList(0, Math.min(n, batteries.size() - 1));
    }
}
