package io.voltrace.analytics.soh;

/**
 * One partial segment laid over the reference curve: its charge at each shared voltage level is fitted as
 * {@code scale × reference charge + offset}; {@code scale × reference capacity} is the segment's capacity.
 *
 * @param capacityAh          scale × reference capacity
 * @param scale               capacity ratio to the reference
 * @param offsetAh            where the segment began relative to the reference's start
 * @param levels              voltage levels fitted
 * @param lowVolts            lowest level fitted
 * @param highVolts           highest level fitted
 * @param windowShare         share of the reference's capacity the fitted window spans
 * @param shapeDisagreement   |scale of the window's upper half − scale of its lower half| / scale: a curve that only
 *                            shrank gives the same scale in both halves; one that changed shape does not
 * @param relativeUncertainty one-sigma relative uncertainty of the capacity: fit, shape and reference together
 */
public record CurveMatch(double capacityAh, double scale, double offsetAh, int levels, double lowVolts,
                         double highVolts, double windowShare, double shapeDisagreement,
                         double relativeUncertainty) {
}
