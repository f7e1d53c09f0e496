package io.voltrace.analytics.passport;

/**
 * A negative event in the pack's use: deep discharge, over-voltage, over-temperature, a thermal event, a fault.
 *
 * @param negativeEvent what happened, with its numbers
 * @param lastUpdate    when it (last) happened or was reported, ISO-8601; null when not known
 */
public record NegativeEvent(String negativeEvent, String lastUpdate) {
}
