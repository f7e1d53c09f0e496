package io.voltrace.ingest.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * What the intake accepts as plausible telemetry.
 *
 * @param packVoltage          pack voltage, V
 * @param packCurrent          pack current, A (charge positive)
 * @param soc                  state of charge, %
 * @param cellVoltage          each of the min/avg/max cell voltages, V
 * @param temperature          each of the min/max cell temperatures, °C
 * @param cellVoltageTolerance slack allowed in min ≤ avg ≤ max, V: BMSs quantise the three to their own
 *                             resolution (commonly 1 mV), so an average may sit a step outside its extremes
 * @param maxAhead             how far a sample may lie ahead of the receiver's clock (edge clock drift)
 * @param maxAge               how far back a sample may lie (spooled data from a long outage is still welcome)
 */
public record ValidationLimits(Range packVoltage, Range packCurrent, Range soc, Range cellVoltage, Range temperature,
                               double cellVoltageTolerance, Duration maxAhead, Duration maxAge) {

    public ValidationLimits {
        Objects.requireNonNull(packVoltage, "packVoltage");
        Objects.requireNonNull(packCurrent, "packCurrent");
        Objects.requireNonNull(soc, "soc");
        Objects.requireNonNull(cellVoltage, "cellVoltage");
        Objects.requireNonNull(temperature, "temperature");
        if (!(cellVoltageTolerance >= 0)) {
            throw new IllegalArgumentException("cell voltage tolerance must be >= 0: " + cellVoltageTolerance);
        }
        if (maxAhead.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAhead must be >= 0 and maxAge > 0: " + maxAhead + ", " + maxAge);
        }
    }

    /** Traction packs up to 1500 V and ±2000 A, 5 minutes of clock slack, 400 days of spooled history. */
    public static ValidationLimits defaults() {
        return new ValidationLimits(new Range(0, 1500, "V"), new Range(-2000, 2000, "A"), new Range(0, 100, "%"),
                new Range(0, 5, "V"), new Range(-50, 120, "°C"), 0.001, Duration.ofMinutes(5), Duration.ofDays(400));
    }

    public ValidationLimits withMaxAge(Duration age) {
        return new ValidationLimits(packVoltage, packCurrent, soc, cellVoltage, temperature, cellVoltageTolerance,
                maxAhead, age);
    }

    public ValidationLimits withMaxAhead(Duration ahead) {
        return new ValidationLimits(packVoltage, packCurrent, soc, cellVoltage, temperature, cellVoltageTolerance,
                ahead, maxAge);
    }
}
