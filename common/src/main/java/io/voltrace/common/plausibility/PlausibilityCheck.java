package io.voltrace.common.plausibility;

import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The physical sanity rules a pack sample must pass before it may feed an estimate, the same at the edge and at the
 * intake: pack voltage against cells × mean cell voltage (or the cells' voltage window when no cell is read), no
 * current through a pack that reads 0 V, current within the pack's limits, no state-of-charge jump beyond what the
 * current and the time allow, and no reading frozen (voltage and current both unchanged) while current flows. An implausible sample is kept and marked
 * with its reasons; only estimates leave it out. Keeps the previous sample of one battery: one instance per battery,
 * samples in time order. Not thread-safe.
 */
public final class PlausibilityCheck {

    /** Below this the pack reads "no voltage". */
    static final double ZERO_VOLTS = 1.0;
    /** Current that counts as flowing. */
    static final double FLOWING_AMPS = 2.0;
    /** Pack voltage may differ from cells × mean cell voltage by this share (wiring, sensor offsets, timing). */
    static final double VOLTAGE_TOLERANCE = 0.05;
    static final double VOLTAGE_TOLERANCE_MIN = 5.0;
    /** SOC may move this many points between samples beyond what the charge moved (BMS corrections, rounding). */
    static final double SOC_SLACK = 5.0;
    /** A value held while current flows for longer than this is a frozen signal. */
    static final long STALE_MILLIS = 120_000;

    private final PackLimits limits;
    private PackSample previous;
    private long frozenSince = -1;

    public PlausibilityCheck(PackLimits limits) {
        this.limits = limits;
    }

    /** The reasons the sample is implausible, in words with the numbers; empty when it passes. */
    public List<String> check(PackSample s) {
        List<String> reasons = new ArrayList<>(2);
        double v = s.packVoltage();
        double i = s.packCurrent();
        if (v < ZERO_VOLTS && Math.abs(i) > FLOWING_AMPS) {
            reasons.add(String.format(Locale.ROOT, "zero_volts_with_current: pack reads %.1f V while %.1f A flow",
                    v, i));
        } else if (limits.cells() > 0) {
            if (Double.isFinite(s.cellVoltageAvg())) {
                double expected = limits.cells() * s.cellVoltageAvg();
                if (Math.abs(v - expected) > Math.max(VOLTAGE_TOLERANCE_MIN, VOLTAGE_TOLERANCE * expected)) {
                    reasons.add(String.format(Locale.ROOT, "pack_voltage_vs_cells: pack reads %.1f V but %d cells "
                            + "× mean %.3f V = %.1f V", v, limits.cells(), s.cellVoltageAvg(), expected));
                }
            } else {
                double low = limits.cells() * limits.cellVoltsMin();
                double high = limits.cells() * limits.cellVoltsMax();
                if (v < low || v > high) {
                    reasons.add(String.format(Locale.ROOT, "pack_voltage_vs_cells: pack reads %.1f V, outside %d "
                            + "cells × %.2f..%.2f V = %.0f..%.0f V", v, limits.cells(), limits.cellVoltsMin(),
                            limits.cellVoltsMax(), low, high));
                }
            }
        }
        if (Math.abs(i) > limits.maxAmps()) {
            reasons.add(String.format(Locale.ROOT, "current_beyond_limits: %.1f A, beyond %.0f C of %.1f Ah "
                    + "(%.0f A)", i, limits.maxCRate(), limits.nominalAh(), limits.maxAmps()));
        }
        PackSample p = previous;
        if (p != null && s.ts() > p.ts()) {
            double minutes = (s.ts() - p.ts()) / 60_000.0;
            if (Double.isFinite(s.soc()) && Double.isFinite(p.soc())) {
                double moved = Math.abs(s.soc() - p.soc());
                // What the charge could move: the larger current over the interval, on the rated capacity.
                double chargePoints = limits.nominalAh() > 0
                        ? Math.max(Math.abs(i), Math.abs(p.packCurrent())) * minutes / 60 / limits.nominalAh() * 100
                        : 100;
                if (moved > SOC_SLACK + 1.5 * chargePoints) {
                    reasons.add(String.format(Locale.ROOT, "soc_jump: SOC went from %.1f %% to %.1f %% in %.0f s",
                            p.soc(), s.soc(), minutes * 60));
                }
            }
            // A charger holds the current (CC) or the voltage (CV) steady, never both while current flows: a pack
            // whose voltage and current both stay bit-for-bit the same is reporting a frozen reading.
            boolean frozen = Math.abs(i) > FLOWING_AMPS && v == p.packVoltage() && i == p.packCurrent();
            frozenSince = frozen ? (frozenSince >= 0 ? frozenSince : p.ts()) : -1;
            if (frozenSince >= 0 && s.ts() - frozenSince > STALE_MILLIS) {
                reasons.add(String.format(Locale.ROOT, "stale_signal: pack voltage and current frozen at %.2f V, "
                        + "%.2f A for %d s", v, i, (s.ts() - frozenSince) / 1000));
            }
        }
        previous = s;
        return reasons;
    }

    /** The rule name a reason starts with, e.g. {@code zero_volts_with_current}. */
    public static String rule(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
