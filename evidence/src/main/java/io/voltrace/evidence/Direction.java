package io.voltrace.evidence;

/** Which way charge moved in a segment. */
public enum Direction {
    CHARGE,
    DISCHARGE;

    /** +1 for charge, -1 for discharge: multiplies a charge-positive current into this direction's magnitude. */
    public int sign() {
        return this == CHARGE ? 1 : -1;
    }

    static Direction of(double current) {
        return current >= 0 ? CHARGE : DISCHARGE;
    }
}
