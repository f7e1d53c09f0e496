package io.voltrace.edge.bms;

/**
 * The BMS model fields a DBC signal can be mapped onto. Indexed fields (cells, sensors) carry a number; a
 * "value + index" pair maps its value signal onto {@link #CELL_VOLTAGE} or {@link #CELL_TEMPERATURE} and its number
 * signal onto the matching {@code _INDEX} field.
 */
public enum BmsField {
    /** Volts. */
    PACK_VOLTAGE,
    /** Amperes, positive when charging (the mapping's sign convention is applied). */
    PACK_CURRENT,
    /** The BMS's own state of charge, percent. */
    SOC,
    /** Insulation (isolation) resistance of the HV system to chassis, kilo-ohms. */
    INSULATION_RESISTANCE,
    /** Volts, one per cell (or cell group in parallel). */
    CELL_VOLTAGE,
    /** Degrees Celsius, one per sensor. */
    CELL_TEMPERATURE,
    /** The cell number sent next to a multiplexed cell voltage. */
    CELL_VOLTAGE_INDEX,
    /** The sensor number sent next to a multiplexed cell temperature. */
    CELL_TEMPERATURE_INDEX,
    /** The BMS's own state of health, percent: kept apart, sent as BMS_HEALTH evidence (never in a sample). */
    SOH,
    /** The BMS's own usable-capacity estimate, ampere-hours: like {@link #SOH}. */
    CAPACITY_AH,
    /** A named fault flag. */
    FAULT,
    IGNORED
}
