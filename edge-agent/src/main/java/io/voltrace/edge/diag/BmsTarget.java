package io.voltrace.edge.diag;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The BMS model fields a polled value can feed, named as in poll definitions and in {@code can decode --poll}. */
public enum BmsTarget {
    /** Volts per cell; an array. */
    CELL_VOLTAGES("cellVoltages", true),
    /** Degrees Celsius per sensor; an array. */
    CELL_TEMPERATURES("cellTemperatures", true),
    /** Volts. */
    PACK_VOLTAGE("packVoltage", false),
    /** Amperes, positive when charging. */
    PACK_CURRENT("packCurrent", false),
    /** The BMS's state of charge, percent. */
    SOC("soc", false),
    /** The BMS's own state of health, percent. */
    SOH("soh", false),
    /** The BMS's own estimate of the usable capacity, ampere-hours. */
    CAPACITY_AH("capacityAh", false),
    /** Insulation resistance of the HV system to chassis, kilo-ohms. */
    INSULATION_KOHM("insulationKohm", false);

    private final String key;
    private final boolean array;

    BmsTarget(String key, boolean array) {
        this.key = key;
        this.array = array;
    }

    public String key() {
        return key;
    }

    public boolean array() {
        return array;
    }

    /** The target named {@code key}, or null. */
    public static BmsTarget of(String key) {
        for (BmsTarget t : values()) {
            if (t.key.equals(key)) {
                return t;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(BmsTarget::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT).equals(key) ? key : key;
    }
}
