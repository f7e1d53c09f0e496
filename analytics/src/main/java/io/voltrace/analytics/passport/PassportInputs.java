package io.voltrace.analytics.passport;

import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.util.List;

/**
 * What voltrace knows about one pack for its battery passport.
 *
 * @param battery                             battery code
 * @param chemistry                           cell chemistry
 * @param ratedCapacityAh                     rated (nameplate) capacity, Ah
 * @param beginOfLifeTs                       when the pack entered service, epoch ms; null when unknown
 * @param telemetry                           pack telemetry, any order
 * @param soh                                 capacity estimate, or null when none was made
 * @param conditions                          inspection and BMS findings
 * @param initialSelfDischargePercentPerMonth the manufacturer's pre-use self-discharge, or null when unknown
 */
public record PassportInputs(String battery, Chemistry chemistry, double ratedCapacityAh, Long beginOfLifeTs,
                             List<PackSample> telemetry, SohEstimate soh, PackConditions conditions,
                             Double initialSelfDischargePercentPerMonth) {

    public PassportInputs {
        telemetry = List.copyOf(telemetry);
        if (!(ratedCapacityAh > 0) || chemistry == null || conditions == null) {
            throw new IllegalArgumentException("rated capacity must be positive; chemistry and conditions given");
        }
    }
}
