package io.voltrace.analytics.soh;

/**
 * A state of charge the BMS reported, percent. It is itself an estimate: the BMS counts charge against the capacity
 * it believes and corrects itself from the open-circuit voltage when the pack rests, so only its readings at the end
 * of a relaxed rest say something the charge counter does not.
 */
public record SocReading(long timeMillis, double socPercent) {
}
