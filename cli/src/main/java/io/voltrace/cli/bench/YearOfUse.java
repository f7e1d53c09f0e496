package io.voltrace.cli.bench;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A commuter car's pack as the edge stores it, a row a minute: the night parked, a stop-and-go drive to work and
 * back (current changing every minute, some regeneration), the day parked, and a charge in the evening at 0.2 C to
 * full with a constant-voltage taper. Cell voltage is the chemistry's open-circuit voltage at the state of charge
 * plus the ohmic drop; the coulomb counters integrate the current. What the health bench reduces into a year of
 * evidence: the shape a real car gives the reducer (three long rests a day, two drives, one charge, current steps),
 * with the capacity set by {@code sohPercent}.
 */
final class YearOfUse {
    static final Chemistry CHEMISTRY = Chemistry.NMC;
    static final double NOMINAL_AH = 60;
    static final int CELLS_SERIES = 96;
    private static final double CELL_OHMS = 0.0012;

    private YearOfUse() {
    }

    /** {@code days} of rows, a minute apart, the last one just before {@code endMillis}. */
    static List<PackSample> generate(double sohPercent, int days, long endMillis, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double capacity = NOMINAL_AH * sohPercent / 100;
        long minutes = days * 1440L;
        long start = (endMillis - minutes * 60_000L) / 60_000L * 60_000L;
        List<PackSample> out = new ArrayList<>((int) minutes);
        double soc = 90;
        double charged = 0;
        double discharged = 0;
        for (long m = 0; m < minutes; m++) {
            int minuteOfDay = (int) (m % 1440);
            double amps = current(minuteOfDay, soc, random);
            double ah = amps / 60;
            if (ah > 0) {
                charged += ah;
            } else {
                discharged -= ah;
            }
            soc = Math.max(0, Math.min(100, soc + ah / capacity * 100));
            double ocv = CHEMISTRY.ocv().voltsAt(soc);
            double cell = ocv + amps * CELL_OHMS;
            double temp = 18 + 6 * Math.sin(Math.PI * (m % 525_600) / 525_600.0) + (amps == 0 ? 0 : 3);
            out.add(new PackSample(start + m * 60_000L, cell * CELLS_SERIES, amps, soc, charged, discharged,
                    cell - 0.006, cell + 0.006, cell, temp - 1, temp + 1));
        }
        return out;
    }

    /**
     * What the pack's edge agent sends beside those rows over the same days, at its default settings: an insulation
     * reading every 10 minutes while the BMS is awake (driving or charging; about 25 a day), a full-rate current step
     * at most every 5 minutes while driving (the cell's ohmic drop, a little noise; about 10 a day), and, for a pack
     * with {@code faultyContactor}, a contactor fault flag raised and cleared about once a month. The service stores
     * these in {@code edge_evidence} and reduces them as they arrive.
     */
    static List<HealthEvidence> edgeEvidence(List<PackSample> rows, String device, String code,
                                             boolean faultyContactor, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<HealthEvidence> out = new ArrayList<>();
        double previousAmps = 0;
        double previousCell = rows.isEmpty() ? 0 : rows.get(0).cellVoltageAvg();
        for (int i = 0; i < rows.size(); i++) {
            PackSample r = rows.get(i);
            long minute = r.ts() / 60_000L;
            boolean awake = r.packCurrent() != 0;
            if (awake && minute % 10 == 0) {
                out.add(HealthEvidence.insulation(device, code, r.ts(), 2500 + 500 * random.nextDouble(),
                        r.packVoltage()));
            }
            if (awake && r.packCurrent() < 0 && minute % 5 == 0 && r.packCurrent() != previousAmps) {
                double ohms = CELL_OHMS * (1 + 0.02 * random.nextGaussian());
                out.add(HealthEvidence.currentStep(device, code, r.ts() + 20, ohms, previousAmps, r.packCurrent(),
                        0.1, (r.tempMin() + r.tempMax()) / 2, previousCell));
            }
            if (faultyContactor && i % 43_200 == 1_000) { // about monthly, cleared an hour later
                out.add(HealthEvidence.fault(device, code, r.ts(), "contactor_welded", true));
                out.add(HealthEvidence.fault(device, code, r.ts() + 3_600_000L, "contactor_welded", false));
            }
            previousAmps = r.packCurrent();
            previousCell = r.cellVoltageAvg();
        }
        out.sort(java.util.Comparator.comparingLong(HealthEvidence::ts));
        return out;
    }

    /** The day's program: drives 07:30-07:55 and 17:30-17:55, charge from 19:00 until full, parked otherwise. */
    private static double current(int minuteOfDay, double soc, SplittableRandom random) {
        boolean driving = (minuteOfDay >= 450 && minuteOfDay < 475) || (minuteOfDay >= 1050 && minuteOfDay < 1075);
        if (driving) {
            return random.nextInt(10) == 0 ? 8 + 8 * random.nextDouble() : -(15 + 45 * random.nextDouble());
        }
        if (minuteOfDay >= 1140 && soc < 99.5) {
            double cc = 0.2 * NOMINAL_AH;
            return soc < 95 ? cc : Math.max(0.5, cc * (100 - soc) / 5); // constant voltage: the current tapers
        }
        return 0;
    }
}
