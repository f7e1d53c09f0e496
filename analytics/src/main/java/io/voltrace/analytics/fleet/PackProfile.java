package io.voltrace.analytics.fleet;

import io.voltrace.common.chemistry.Chemistry;
import java.time.LocalDate;

/**
 * What a fleet knows about a pack besides its health.
 *
 * @param battery     battery code
 * @param model       vehicle or pack model
 * @param chemistry   cell chemistry
 * @param nominalAh   nameplate capacity of the series string, Ah
 * @param cellsSeries cells in series
 * @param commissioned date the pack entered service
 * @param climate     where it is used, as the fleet names it (e.g. hot, temperate, cold)
 */
public record PackProfile(String battery, String model, Chemistry chemistry, double nominalAh, int cellsSeries,
                          LocalDate commissioned, String climate) {

    public PackProfile {
        if (battery == null || battery.isBlank() || model == null || chemistry == null || commissioned == null
                || climate == null) {
            throw new IllegalArgumentException("battery, model, chemistry, commissioned date and climate are required");
        }
        if (!(nominalAh > 0) || cellsSeries < 1) {
            throw new IllegalArgumentException(battery + ": nominal Ah and cells in series must be positive");
        }
    }
}
