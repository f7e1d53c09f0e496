package io.voltrace.common.chemistry;

/**
 * Cell chemistries voltrace knows, each with its rest (open-circuit) voltage curve and the GB/T 34014 battery-type
 * letter used in codes (B = LFP, E = ternary NCM; LCO has no traction code and is used for lab cells).
 */
public enum Chemistry {
    NMC('E', OcvCurve.of(
            new double[]{0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100},
            new double[]{3.000, 3.400, 3.500, 3.560, 3.600, 3.630, 3.655, 3.675, 3.695, 3.715, 3.742, 3.772,
                    3.810, 3.850, 3.890, 3.930, 3.972, 4.020, 4.070, 4.122, 4.190})),
    LFP('B', OcvCurve.of(
            new double[]{0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100},
            new double[]{2.500, 3.100, 3.200, 3.250, 3.275, 3.290, 3.300, 3.310, 3.325, 3.335, 3.345, 3.380, 3.600})),
    LCO('Z', OcvCurve.of(
            new double[]{0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
            new double[]{3.000, 3.350, 3.450, 3.550, 3.620, 3.680, 3.740, 3.800, 3.870, 3.950, 4.050, 4.200}));

    private final char codeLetter;
    private final OcvCurve ocv;

    Chemistry(char codeLetter, OcvCurve ocv) {
        this.codeLetter = codeLetter;
        this.ocv = ocv;
    }

    public char codeLetter() {
        return codeLetter;
    }

    /** Rest voltage of one cell against state of charge. */
    public OcvCurve ocv() {
        return ocv;
    }

    public static Chemistry fromCodeLetter(char letter) {
        for (Chemistry c : values()) {
            if (c.codeLetter == letter) {
                return c;
            }
        }
        throw new IllegalArgumentException("no chemistry for battery type '" + letter + "'");
    }
}
