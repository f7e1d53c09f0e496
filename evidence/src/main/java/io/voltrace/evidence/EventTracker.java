package io.voltrace.evidence;

import java.util.function.Consumer;

/** One kind of negative event: whether it is on, since when, how bad, and the time spent in it. */
final class EventTracker implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final NegativeEvent.Kind kind;
    private final boolean worstIsLow;
    private boolean on;
    private long since;
    private double worst;
    private double seconds;
    private int count;

    EventTracker(NegativeEvent.Kind kind, boolean worstIsLow) {
        this.kind = kind;
        this.worstIsLow = worstIsLow;
    }

    /**
     * The condition at a reading. The interval before it counts as in the condition when the previous reading was
     * (sample and hold); an event ends at the first reading out of it.
     */
    void observe(long timeMillis, double dtSeconds, boolean condition, double value, Consumer<Evidence> out) {
        if (on) {
            seconds += dtSeconds;
        }
        if (condition) {
            if (!on) {
                on = true;
                since = timeMillis;
                worst = value;
            } else {
                worst = worstIsLow ? Math.min(worst, value) : Math.max(worst, value);
            }
        } else if (on) {
            close(timeMillis, out);
        }
    }

    void close(long timeMillis, Consumer<Evidence> out) {
        if (on) {
            on = false;
            count++;
            out.accept(new NegativeEvent(kind, since, timeMillis, worst));
        }
    }

    double seconds() {
        return seconds;
    }

    int count() {
        return count;
    }
}
