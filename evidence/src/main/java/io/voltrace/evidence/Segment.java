package io.voltrace.evidence;

/**
 * A run of current in one direction between rests: a charge or a drive (regenerative pulses inside a drive stay in
 * it; only a sustained reversal starts a new segment).
 *
 * @param direction          charge or discharge
 * @param startMillis        the reading before current began (usually the last one at rest)
 * @param endMillis          the last reading with current
 * @param ahCharged          charge in during the segment, ampere-hours (sensor offset removed)
 * @param ahDischarged       charge out during the segment
 * @param whCharged          energy in, watt-hours at pack level (cell voltage × cells in series)
 * @param whDischarged       energy out
 * @param startVolts         cell voltage at the start reading
 * @param endVolts           cell voltage at the last reading
 * @param minVolts           lowest cell voltage in the segment (mean cell)
 * @param maxVolts           highest
 * @param meanAmps           time-weighted mean current, charge positive
 * @param ampsStdDev         time-weighted standard deviation of the current: near 0 for constant current
 * @param minTempC           coldest reading, or NaN
 * @param maxTempC           hottest reading, or NaN
 * @param maxCellSpreadVolts largest (highest − lowest cell) seen, or NaN
 * @param readings           readings in the segment
 * @param reversals          short runs of opposite current inside it (regenerative braking)
 * @param interrupted        a data gap broke it: charge counts are incomplete
 * @param fromFull           it is a discharge that began at full charge: right after a charge that reached the
 *                           charge-end voltage and tapered, or from a rest at the full-rest voltage
 * @param reachedFull        it is a charge that reached the charge-end voltage and tapered (constant voltage)
 * @param restVoltsBefore    relaxed voltage of the rest just before, or NaN
 * @param ahToCutoff         for a discharge: charge out through the first reading at or below the cutoff voltage
 *                           (how a cycler counts capacity), else NaN
 * @param curve              the charge–voltage curve; null when reversals make it meaningless
 */
public record Segment(
        Direction direction,
        long startMillis,
        long endMillis,
        double ahCharged,
        double ahDischarged,
        double whCharged,
        double whDischarged,
        double startVolts,
        double endVolts,
        double minVolts,
        double maxVolts,
        double meanAmps,
        double ampsStdDev,
        double minTempC,
        double maxTempC,
        double maxCellSpreadVolts,
        int readings,
        int reversals,
        boolean interrupted,
        boolean fromFull,
        boolean reachedFull,
        double restVoltsBefore,
        double ahToCutoff,
        VoltageCurve curve) implements Evidence {

    /** Charge moved in the segment's direction, net of reversals: positive. */
    public double ah() {
        return direction == Direction.CHARGE ? ahCharged - ahDischarged : ahDischarged - ahCharged;
    }

    public double hours() {
        return (endMillis - startMillis) / 3_600_000.0;
    }
}
