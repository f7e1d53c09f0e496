package io.voltrace.analytics.rul;

/**
 * A robust fade fit, SOH = intercept + slope·g(x) with g from the model and x = (raw − axisOrigin) / unitLength:
 * days since begin of life (or since the first reading) from epoch ms, or equivalent cycles.
 *
 * @param model                fade shape
 * @param interceptPercent     SOH at g(x) = 0
 * @param slope                SOH points per unit of g(x)
 * @param residualSigmaPercent robust scale of the residuals, SOH points
 * @param ratePercentPerUnit   fade rate at the last reading, SOH points per day or per cycle (negative = fading)
 * @param points               readings fitted
 * @param axisOrigin           raw axis value where x = 0 (epoch ms, or equivalent cycles)
 * @param unitLength           raw axis units per x unit (ms per day, or 1)
 */
public record FadeFit(FadeModel model, double interceptPercent, double slope, double residualSigmaPercent,
                      double ratePercentPerUnit, int points, double axisOrigin, double unitLength) {

    /** Fitted SOH at a raw axis value (epoch ms for the days axis, equivalent cycles for the cycles axis). */
    public double sohAt(double raw) {
        return interceptPercent + slope * model.g((raw - axisOrigin) / unitLength);
    }
}
