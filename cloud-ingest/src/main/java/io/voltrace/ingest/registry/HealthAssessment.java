package io.voltrace.ingest.registry;

import io.voltrace.common.code.BatteryCode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One state-of-health assessment of a battery, with the reasons behind its grade.
 *
 * @param battery            GB/T 34014 code, validated
 * @param assessedAt         when it was made; kept to microseconds, as SQL timestamps are
 * @param capacityAh         estimated remaining capacity, or null when no estimate could be made
 * @param sohPercent         state of health, percent of nominal capacity, or null
 * @param uncertaintyPercent uncertainty of the state of health, percentage points, or null
 * @param segments           charge segments the estimate rests on
 * @param method             how it was estimated
 * @param grade              the resulting grade
 * @param reasons            why, in words; never null
 * @param resistanceMilliohm pack DC resistance from current steps at 25 °C, milliohms, or null when the steps gave
 *                           no figure
 * @param resistanceGrowthPercent resistance increase over the battery's first recorded figure, percent, or null
 *                           when there is no figure (0 when this is the first)
 * @param recovery           recoverable metals, or null when the chemistry has no figures
 */
public record HealthAssessment(String battery, Instant assessedAt, Double capacityAh, Double sohPercent,
                               Double uncertaintyPercent, int segments, String method, String grade,
                               List<String> reasons, Double resistanceMilliohm, Double resistanceGrowthPercent,
                               RecoveryFigures recovery) {

    /** An assessment without resistance or recovery figures. */
    public HealthAssessment(String battery, Instant assessedAt, Double capacityAh, Double sohPercent,
                            Double uncertaintyPercent, int segments, String method, String grade,
                            List<String> reasons) {
        this(battery, assessedAt, capacityAh, sohPercent, uncertaintyPercent, segments, method, grade, reasons, null,
                null, null);
    }

    public HealthAssessment {
        battery = BatteryCode.parse(battery).value();
        assessedAt = Objects.requireNonNull(assessedAt, "assessedAt").truncatedTo(ChronoUnit.MICROS);
        requireFiniteOrNull("capacityAh", capacityAh);
        requireFiniteOrNull("sohPercent", sohPercent);
        requireFiniteOrNull("uncertaintyPercent", uncertaintyPercent);
        requireFiniteOrNull("resistanceMilliohm", resistanceMilliohm);
        requireFiniteOrNull("resistanceGrowthPercent", resistanceGrowthPercent);
        if (resistanceMilliohm != null && !(resistanceMilliohm > 0)) {
            throw new IllegalArgumentException("resistance must be positive: " + resistanceMilliohm);
        }
        if (resistanceGrowthPercent != null && resistanceMilliohm == null) {
            throw new IllegalArgumentException("resistance growth needs a resistance figure");
        }
        if (segments < 0) {
            throw new IllegalArgumentException("segments must not be negative: " + segments);
        }
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(grade, "grade");
        reasons = List.copyOf(reasons);
    }

    private static void requireFiniteOrNull(String name, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, or null when unknown: " + value);
        }
    }
}
