package io.voltrace.evidence;

/** One piece of health evidence cut from a pack's stream, small enough to send or store as it is. */
public sealed interface Evidence permits Segment, Rest, CurrentStep, NegativeEvent {

    /** When the evidence ends (its last reading), milliseconds. */
    long endMillis();
}
