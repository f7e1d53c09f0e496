package io.voltrace.analytics.passport;

/**
 * One Battery Pass attribute: a value with its unit and how it was obtained, or no value and the reason. A missing
 * figure stays missing: an estimate dressed as a measurement would be worse than none.
 *
 * @param value             the figure, or null
 * @param unit              its unit
 * @param lastUpdate        when the figure was last updated (ISO-8601), or null with the value
 * @param basis             how it was obtained, or null with the value
 * @param unavailableReason why there is no figure; null when there is one
 */
public record Attribute(Double value, String unit, String lastUpdate, String basis, String unavailableReason) {

    public Attribute {
        if ((value == null) == (unavailableReason == null)) {
            throw new IllegalArgumentException("an attribute has either a value or the reason it has none");
        }
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("attribute value must be finite");
        }
    }

    public static Attribute of(double value, String unit, String lastUpdate, String basis) {
        return new Attribute(value, unit, lastUpdate, basis, null);
    }

    public static Attribute unavailable(String unit, String reason) {
        return new Attribute(null, unit, null, null, reason);
    }
}
