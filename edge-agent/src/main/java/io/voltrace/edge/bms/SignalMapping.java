package io.voltrace.edge.bms;

import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcSignal;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which DBC signal feeds which BMS field. Signals are matched by name: exact names for pack values, a pattern with
 * one numeric group (1-based index) for per-cell values. Resolved once against a database into per-message arrays,
 * so the hot path is an array lookup per decoded signal.
 *
 * @param packVoltage     signal name of the pack voltage (V)
 * @param packCurrent     signal name of the pack current (A)
 * @param currentSign     +1 when the DBC's current is positive when charging, -1 when positive when discharging
 * @param soc             signal name of the BMS state of charge (%)
 * @param cellVoltage     regex with one group: the cell's 1-based number (V)
 * @param cellTemperature regex with one group: the sensor's 1-based number (°C)
 */
public record SignalMapping(String packVoltage, String packCurrent, double currentSign, String soc,
                            String cellVoltage, String cellTemperature) {

    /** The mapping for voltrace's own reference DBC, {@code dbc/voltrace-bms.dbc}. */
    public static SignalMapping voltraceReference() {
        return new SignalMapping("PackVoltage", "PackCurrent", 1, "PackSoc", "CellVoltage(\\d+)", "CellTemp(\\d+)");
    }

    /** One slot per signal of a message: what field it feeds and, for indexed fields, which 0-based index. */
    public record Slot(BmsField field, int index) {
        static final Slot IGNORED = new Slot(BmsField.IGNORED, -1);
    }

    /** Resolves this mapping against a database: for each message, its slots in signal order. */
    public Map<DbcMessage, Slot[]> resolve(DbcDatabase dbc) {
        Pattern cellPattern = Pattern.compile(cellVoltage);
        Pattern tempPattern = Pattern.compile(cellTemperature);
        Map<DbcMessage, Slot[]> slots = new IdentityHashMap<>();
        for (DbcMessage message : dbc.messages()) {
            Slot[] perSignal = new Slot[message.signals().size()];
            boolean any = false;
            for (int i = 0; i < perSignal.length; i++) {
                perSignal[i] = slotFor(message.signals().get(i), cellPattern, tempPattern);
                any |= perSignal[i].field() != BmsField.IGNORED;
            }
            if (any) {
                slots.put(message, perSignal);
            }
        }
        return slots;
    }

    private Slot slotFor(DbcSignal signal, Pattern cellPattern, Pattern tempPattern) {
        String name = signal.name();
        if (name.equals(packVoltage)) {
            return new Slot(BmsField.PACK_VOLTAGE, -1);
        }
        if (name.equals(packCurrent)) {
            return new Slot(BmsField.PACK_CURRENT, -1);
        }
        if (name.equals(soc)) {
            return new Slot(BmsField.SOC, -1);
        }
        Matcher m = cellPattern.matcher(name);
        if (m.matches()) {
            return new Slot(BmsField.CELL_VOLTAGE, Integer.parseInt(m.group(1)) - 1);
        }
        m = tempPattern.matcher(name);
        if (m.matches()) {
            return new Slot(BmsField.CELL_TEMPERATURE, Integer.parseInt(m.group(1)) - 1);
        }
        return Slot.IGNORED;
    }
}
