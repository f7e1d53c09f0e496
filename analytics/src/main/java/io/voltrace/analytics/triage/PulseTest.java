package io.voltrace.analytics.triage;

import java.util.Arrays;

/**
 * One pulse test of one battery at one state of charge, in the layout of the PulseBat data (see
 * {@link PulseCsv}): {@code u[0]} is U1, the rested open-circuit voltage, {@code u[1..20]} the turning points of the
 * ±0.5C, ±1C and +1.5C pulses.
 *
 * @param id        battery identifier as the file gives it
 * @param where     file:line, for messages
 * @param nominalAh rated capacity (Qn)
 * @param soc       planned state of charge, percent of the nominal capacity
 * @param u         the 21 voltages, volts
 * @param soh       calibrated state of health in percent, or NaN when the row carries none (the label, never an input)
 */
public record PulseTest(String id, String where, double nominalAh, double soc, double[] u, double soh) {
    /** U1…U21. */
    public static final int VOLTAGES = 21;

    public PulseTest {
        if (u.length != VOLTAGES) {
            throw new IllegalArgumentException("a pulse test has " + VOLTAGES + " voltages, not " + u.length);
        }
        u = u.clone();
    }

    /** U<i>k</i>, numbered from 1 as in the file. */
    public double u(int k) {
        return u[k - 1];
    }

    public double ocv() {
        return u[0];
    }

    public boolean labeled() {
        return !Double.isNaN(soh);
    }

    /** The battery the row belongs to: the ID's part before {@code separator} (the whole ID when absent or empty). */
    public String battery(String separator) {
        if (separator == null || separator.isEmpty()) {
            return id;
        }
        int cut = id.indexOf(separator);
        return cut > 0 ? id.substring(0, cut) : id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PulseTest p && id.equals(p.id) && soc == p.soc && Arrays.equals(u, p.u);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Double.hashCode(soc);
    }

    @Override
    public String toString() {
        return "PulseTest[" + where + " " + id + " @" + soc + "%]";
    }
}
