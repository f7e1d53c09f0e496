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
 */
public record HealthAssessment(String battery, Instant assessedAt, Double capacityAh, Double sohPercent,
                               Double uncertaintyPercent, int segments, String method, String grade,
                               List<String> reasons) {

    public HealthAssessment {
        battery = BatteryCode.parse(battery).value();
        assessedAt = Objects.requireNonNull(assessedAt, "assessedAt").truncatedTo(ChronoUnit.MICROS);
        requireFiniteOrNull("capacityAh", capacityAh);
        requireFiniteOrNull("sohPercent", sohPercent);
        requireFiniteOrNull("uncertaintyPercent", uncertaintyPercent);
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
