package io.voltrace.analytics.grading;

import io.voltrace.analytics.soh.RestDetector;

/**
 * Retirement grading thresholds. They are conventions (EV packs usually retire at 70–80 % SOH, below ~60 % goes to
 * material recovery), not one standard, so each user of the grader may set its own.
 *
 * @param reuseGradeA            SOH percent at or above which a pack is cascade reuse grade A
 * @param reuseGradeB            SOH percent at or above which it is grade B
 * @param reuseGradeC            SOH percent at or above which it is grade C; below, material recovery
 * @param maxCellSpreadVolts     largest cell-voltage spread at rest; a wider one means a weak or damaged cell
 * @param maxTempC               any cell temperature above this is flagged
 * @param overVoltageMarginVolts cell voltage allowed above the chemistry's full-charge OCV before it is flagged
 * @param rest                   what counts as rest when reading cell spread
 */
public record GradingPolicy(
        double reuseGradeA,
        double reuseGradeB,
        double reuseGradeC,
        double maxCellSpreadVolts,
        double maxTempC,
        double overVoltageMarginVolts,
        RestDetector rest) {

    public GradingPolicy {
        if (!(reuseGradeA > reuseGradeB && reuseGradeB > reuseGradeC && reuseGradeC > 0)) {
            throw new IllegalArgumentException("reuse grade thresholds must fall: A > B > C > 0");
        }
        if (!(maxCellSpreadVolts > 0) || Double.isNaN(maxTempC) || !(overVoltageMarginVolts >= 0) || rest == null) {
            throw new IllegalArgumentException("safety screen limits out of range");
        }
    }

    public static GradingPolicy defaults() {
        return new GradingPolicy(80, 70, 60, 0.10, 60, 0.05, RestDetector.defaults());
    }
}
