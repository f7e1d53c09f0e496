package io.voltrace.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where every sample the ingest benchmark sent ended up in the health reducer's counts: reduced into evidence, set
 * aside as implausible (#15), late (stored at or before the battery's watermark), or none of these (unaccounted: a
 * loss). Summed over the batteries, with the discharge reduced against the discharge sent.
 */
final class SampleAccount {
    private long stored;
    private long reduced;
    private long implausible;
    private long late;
    private double reducedAh;
    private double sentAh;

    /** One battery's counts, as its saved reduction holds them, and the discharge its device sent. */
    void add(long storedSamples, long reducedSamples, long implausibleSamples, long lateSamples, double reducedAhHere,
             double sentAhHere) {
        stored += storedSamples;
        reduced += reducedSamples;
        implausible += implausibleSamples;
        late += lateSamples;
        reducedAh += reducedAhHere;
        sentAh += sentAhHere;
    }

    long stored() {
        return stored;
    }

    long reduced() {
        return reduced;
    }

    long implausible() {
        return implausible;
    }

    long late() {
        return late;
    }

    double reducedAh() {
        return reducedAh;
    }

    double sentAh() {
        return sentAh;
    }

    /** Samples sent that are in none of the counts (negative: counted more than once). */
    long unaccounted(long sentSamples) {
        return sentSamples - reduced - implausible - late;
    }

    /**
     * What does not add up, in words; empty when sent = reduced + implausible + late, none is late (the benchmark's
     * devices send in order, as the agent's spool does, so a late sample is a fault) and the discharge matches.
     */
    List<String> problems(long sentSamples) {
        List<String> out = new ArrayList<>();
        long missing = unaccounted(sentSamples);
        if (missing != 0) {
            out.add(String.format(Locale.ROOT, "%d samples sent != %d reduced + %d implausible + %d late: %d %s",
                    sentSamples, reduced, implausible, late, Math.abs(missing),
                    missing > 0 ? "in no count" : "counted more than once"));
        }
        if (late != 0) {
            out.add(late + " samples stored behind their battery's watermark (late): the devices send in order");
        }
        if (Math.abs(reducedAh - sentAh) >= 1e-6 * (1 + sentAh)) {
            out.add(String.format(Locale.ROOT, "discharge reduced %.4f Ah != sent %.4f Ah", reducedAh, sentAh));
        }
        return out;
    }
}
