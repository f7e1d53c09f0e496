package io.voltrace.edge.bms;

/** The BMS model fields a DBC signal can be mapped onto. Indexed fields (cells, sensors) carry a number. */
public enum BmsField {
    PACK_VOLTAGE, PACK_CURRENT, SOC, CELL_VOLTAGE, CELL_TEMPERATURE, IGNORED
}
