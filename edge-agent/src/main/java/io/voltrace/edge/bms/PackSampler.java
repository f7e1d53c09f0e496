package io.voltrace.edge.bms;

import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcSignal;
import io.voltrace.edge.dbc.SignalSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns decoded BMS frames into pack samples at a modest rate, keeping what only the full-rate stream can give:
 * charge and discharge coulomb counters integrated over every current reading.
 *
 * <p>Each current reading is taken to hold since the previous one (sample and hold), which is exact for a BMS that
 * reports the mean current of its cycle and close enough at 10–100 Hz for one that reports instants. The counters see
 * every reading even when the mapping rate-limits the current field: the limit only thins the held value.
 *
 * <p>Insulation resistance and fault flags are kept here and exposed by getters; the wire's {@link PackSample} does
 * not carry them: the agent's health watch sends them as evidence on their own topic. Per reading the work is an
 * identity-map lookup of the message's slots and array stores: nothing is allocated.
 */
public final class PackSampler implements SignalSink {
    private static final Logger LOG = LoggerFactory.getLogger(PackSampler.class);
    private static final int MAX_CELLS = ResolvedMapping.MAX_CELLS;
    private static final int MAX_SENSORS = ResolvedMapping.MAX_SENSORS;
    private static final int VOLTAGE_PAIR = 0;
    private static final int TEMPERATURE_PAIR = 1;

    private final ResolvedMapping mapping;
    /** Per bus (index 0 = the first): its DBC, its mapping, and where its fault flags start in the bits. */
    private final DbcDatabase[] busDbcs;
    private final ResolvedMapping[] busMappings;
    private final int[] busFaultOffsets;
    private final List<String> faultFlags;
    private final boolean hasSoc;
    private final boolean hasCellVoltages;
    private final boolean hasCellTemperatures;
    private int frameFaultOffset;
    private final long intervalMicros;
    private final Consumer<PackSample> out;

    private final double[] cellVolts = new double[MAX_CELLS];
    private final double[] sensorTemps = new double[MAX_SENSORS];
    /** Held scalar values by {@link BmsField} ordinal. */
    private final double[] scalars = new double[BmsField.values().length];
    private final RateGate scalarGate = new RateGate(BmsField.values().length);
    private final RateGate cellGate = new RateGate(MAX_CELLS);
    private final RateGate sensorGate = new RateGate(MAX_SENSORS);
    private final RateGate faultGate = new RateGate(ResolvedMapping.MAX_FAULTS);
    private final long[] updates = new long[BmsField.values().length];
    private int cellsSeen;
    private int sensorsSeen;
    private long faultBits;
    private double ahCharged;
    private double ahDischarged;
    private long lastCurrentMicros = -1;
    static final long MISSING_FIELD_GRACE_MICROS = 5_000_000;
    private long powerSinceMicros = -1;
    private boolean missingLogged;
    /** Per scalar field: updates that came from polls only (equal to updates while no frame gave the field). */
    private final long[] polledOnly = new long[BmsField.values().length];
    private double bmsSoh = Double.NaN;
    private double bmsCapacityAh = Double.NaN;
    private long bmsHealthUpdates;
    private long nextSampleMicros = -1;

    // Per-frame scratch.
    private Slot[] current;
    private long frameMicros;
    private boolean currentRead;
    private double currentReading;
    private final double[] pairValue = new double[2];
    private final long[] pairNumber = new long[2];
    private final boolean[] pairHasValue = new boolean[2];
    private final boolean[] pairHasNumber = new boolean[2];
    private final Slot[] pairSlot = new Slot[2];
    private boolean pairTouched;

    private long frames;
    private long unknownFrames;
    private long invalidReadings;
    private long rateLimited;
    private long unpaired;

    /**
     * Checks the mapping against the DBC and builds a sampler.
     *
     * @throws IllegalArgumentException when the mapping does not fit the DBC; the message lists every problem. Call
     *                                  {@link SignalMapping#resolve} first to handle that as a checked exception.
     */
    public PackSampler(DbcDatabase dbc, SignalMapping mapping, double intervalSeconds, Consumer<PackSample> out) {
        this(resolveOrThrow(mapping, dbc), intervalSeconds, out);
    }

    public PackSampler(ResolvedMapping mapping, double intervalSeconds, Consumer<PackSample> out) {
        this(List.of(mapping), intervalSeconds, out);
    }

    /**
     * A sampler fed by several buses, each decoded with its own DBC and mapping ({@link #accept(int, CanFrame)}):
     * one pack, one model. Exactly one mapping gives the pack voltage and one the current (the others are partial,
     * see {@code mappings/README.md}); no other field may come from two buses.
     *
     * @throws IllegalArgumentException naming the mappings when a field comes from no bus or from two
     */
    public PackSampler(List<ResolvedMapping> buses, double intervalSeconds, Consumer<PackSample> out) {
        if (buses.isEmpty()) {
            throw new IllegalArgumentException("a sampler needs at least one bus");
        }
        this.mapping = buses.get(0);
        this.busDbcs = new DbcDatabase[buses.size()];
        this.busMappings = buses.toArray(new ResolvedMapping[0]);
        this.busFaultOffsets = new int[buses.size()];
        List<String> flags = new ArrayList<>();
        boolean soc = false;
        boolean cells = false;
        boolean temps = false;
        java.util.Map<String, String> fieldBus = new java.util.LinkedHashMap<>();
        for (int i = 0; i < busMappings.length; i++) {
            ResolvedMapping m = busMappings[i];
            busDbcs[i] = m.database();
            busFaultOffsets[i] = flags.size();
            flags.addAll(m.faultFlags());
            soc |= m.hasSoc();
            cells |= m.hasCellVoltages();
            temps |= m.hasCellTemperatures();
            SignalMapping sm = m.mapping();
            java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("packVoltage", sm.packVoltage());
            fields.put("packCurrent", sm.packCurrent());
            fields.put("soc", sm.soc());
            fields.put("insulationResistance", sm.insulationResistance());
            fields.put("cellVoltages", sm.cellVoltages());
            fields.put("cellTemperatures", sm.cellTemperatures());
            fields.put("soh", sm.soh());
            fields.put("capacityAh", sm.capacityAh());
            for (var e : fields.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                String before = fieldBus.putIfAbsent(e.getKey(), sm.source());
                if (before != null) {
                    throw new IllegalArgumentException(e.getKey() + " is mapped on two buses (" + before + " and "
                            + sm.source() + "): map it on one");
                }
            }
        }
        for (String required : List.of("packVoltage", "packCurrent")) {
            if (!fieldBus.containsKey(required)) {
                throw new IllegalArgumentException("no bus's mapping gives " + required + ": one mapping must be "
                        + "complete (the others may be \"partial\": true)");
            }
        }
        if (flags.size() > ResolvedMapping.MAX_FAULTS) {
            throw new IllegalArgumentException(flags.size() + " fault flags over all buses, more than the "
                    + ResolvedMapping.MAX_FAULTS + " this agent keeps");
        }
        this.faultFlags = List.copyOf(flags);
        this.hasSoc = soc;
        this.hasCellVoltages = cells;
        this.hasCellTemperatures = temps;
        this.intervalMicros = (long) (intervalSeconds * 1_000_000);
        this.out = out;
        Arrays.fill(cellVolts, Double.NaN);
        Arrays.fill(sensorTemps, Double.NaN);
        Arrays.fill(scalars, Double.NaN);
    }

    private static ResolvedMapping resolveOrThrow(SignalMapping mapping, DbcDatabase dbc) {
        try {
            return mapping.resolve(dbc);
        } catch (MappingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public void accept(CanFrame frame) {
        accept(0, frame);
    }

    /** A frame of one bus (index into the mappings the sampler was built with), decoded with that bus's DBC. */
    public void accept(int bus, CanFrame frame) {
        frames++;
        DbcMessage message = busDbcs[bus].message(frame.id(), frame.extended());
        Slot[] messageSlots = message == null ? null : busMappings[bus].slots(message);
        frameFaultOffset = busFaultOffsets[bus];
        if (messageSlots == null) {
            unknownFrames++;
            return;
        }
        long t = frame.timestampMicros();
        current = messageSlots;
        frameMicros = t;
        currentRead = false;
        message.decode(frame.data(), frame.length(), this);
        if (pairTouched) {
            applyPair(VOLTAGE_PAIR);
            applyPair(TEMPERATURE_PAIR);
            pairTouched = false;
        }
        if (currentRead) {
            integrate(t);
        }
        if (nextSampleMicros < 0) {
            nextSampleMicros = t + intervalMicros;
        } else if (t >= nextSampleMicros && complete(t)) {
            emit(t);
            nextSampleMicros += intervalMicros * Math.max(1, (t - nextSampleMicros) / intervalMicros + 1);
        }
    }

    @Override
    public void accept(DbcSignal signal, int signalIndex, long raw, double physical) {
        Slot slot = current[signalIndex];
        if (slot.field == BmsField.IGNORED) {
            return;
        }
        if (slot.invalid(raw)) {
            invalidReadings++;
            return;
        }
        double value = physical * slot.scale + slot.offset;
        switch (slot.field) {
            case PACK_CURRENT -> {
                currentReading = value;
                currentRead = true;
                scalar(slot, value);
            }
            case PACK_VOLTAGE, SOC, INSULATION_RESISTANCE -> scalar(slot, value);
            case SOH -> bmsHealth(value, Double.NaN);
            case CAPACITY_AH -> bmsHealth(Double.NaN, value);
            case CELL_VOLTAGE -> {
                if (slot.index >= 0) {
                    cell(slot, slot.index, value);
                } else {
                    pairValue(VOLTAGE_PAIR, slot, value);
                }
            }
            case CELL_TEMPERATURE -> {
                if (slot.index >= 0) {
                    sensor(slot, slot.index, value);
                } else {
                    pairValue(TEMPERATURE_PAIR, slot, value);
                }
            }
            case CELL_VOLTAGE_INDEX -> pairNumber(VOLTAGE_PAIR, slot, physical);
            case CELL_TEMPERATURE_INDEX -> pairNumber(TEMPERATURE_PAIR, slot, physical);
            case FAULT -> fault(slot, raw);
            case IGNORED -> { }
        }
    }

    private void scalar(Slot slot, double value) {
        int key = slot.field.ordinal();
        if (scalarGate.pass(key, frameMicros, value, slot)) {
            scalars[key] = value;
            updates[key]++;
        } else {
            rateLimited++;
        }
    }

    private void cell(Slot slot, int index, double volts) {
        if (cellGate.pass(index, frameMicros, volts, slot)) {
            cellVolts[index] = volts;
            cellsSeen = Math.max(cellsSeen, index + 1);
            updates[BmsField.CELL_VOLTAGE.ordinal()]++;
        } else {
            rateLimited++;
        }
    }

    private void sensor(Slot slot, int index, double celsius) {
        if (sensorGate.pass(index, frameMicros, celsius, slot)) {
            sensorTemps[index] = celsius;
            sensorsSeen = Math.max(sensorsSeen, index + 1);
            updates[BmsField.CELL_TEMPERATURE.ordinal()]++;
        } else {
            rateLimited++;
        }
    }

    private void fault(Slot slot, long raw) {
        boolean active = slot.faultActive(raw);
        int flag = frameFaultOffset + slot.index;
        if (!faultGate.pass(flag, frameMicros, active ? 1 : 0, slot)) {
            rateLimited++;
            return;
        }
        long bit = 1L << flag;
        boolean was = (faultBits & bit) != 0;
        if (active != was) {
            faultBits ^= bit;
            // Transitions only, so the log stays quiet while a fault holds.
            LOG.warn("BMS fault {} {}", faultFlags.get(frameFaultOffset + slot.index), active ? "raised" : "cleared");
        }
        updates[BmsField.FAULT.ordinal()]++;
    }

    private void pairValue(int pair, Slot slot, double value) {
        pairValue[pair] = value;
        pairHasValue[pair] = true;
        pairSlot[pair] = slot;
        pairTouched = true;
    }

    private void pairNumber(int pair, Slot slot, double physical) {
        pairNumber[pair] = Math.round(physical) + slot.indexOffset;
        pairHasNumber[pair] = true;
        pairTouched = true;
    }

    /** After a frame: a value and its number both present make one reading; one without the other is dropped. */
    private void applyPair(int pair) {
        boolean value = pairHasValue[pair];
        boolean number = pairHasNumber[pair];
        if (value && number) {
            long index = pairNumber[pair];
            int max = pair == VOLTAGE_PAIR ? MAX_CELLS : MAX_SENSORS;
            if (index < 0 || index >= max) {
                unpaired++;
            } else if (pair == VOLTAGE_PAIR) {
                cell(pairSlot[pair], (int) index, pairValue[pair]);
            } else {
                sensor(pairSlot[pair], (int) index, pairValue[pair]);
            }
        } else if (value || number) {
            unpaired++;
        }
        pairHasValue[pair] = false;
        pairHasNumber[pair] = false;
    }

    /**
     * A sample goes out once pack voltage and current have been read and every other mapped wire field too, so the
     * first samples carry no gaps. A mapped field that does not come within 5 s or 5 sample intervals of frame time,
     * whichever is longer (its message is not on this bus), no longer holds samples back: it goes as NaN, "not
     * measured".
     */
    private boolean complete(long t) {
        if (Double.isNaN(scalars[BmsField.PACK_VOLTAGE.ordinal()])
                || Double.isNaN(scalars[BmsField.PACK_CURRENT.ordinal()])) {
            return false;
        }
        boolean all = (!hasSoc || !Double.isNaN(scalars[BmsField.SOC.ordinal()]))
                && (!hasCellVoltages || cellsSeen > 0)
                && (!hasCellTemperatures || sensorsSeen > 0);
        if (all) {
            return true;
        }
        if (powerSinceMicros < 0) {
            powerSinceMicros = t;
        }
        if (t - powerSinceMicros < Math.max(MISSING_FIELD_GRACE_MICROS, 5 * intervalMicros)) {
            return false;
        }
        if (!missingLogged) {
            missingLogged = true;
            LOG.warn("mapped fields never read after {} s of pack voltage and current ({}{}{}): samples go with them "
                    + "as not measured; is their message on this bus?",
                    Math.max(MISSING_FIELD_GRACE_MICROS, 5 * intervalMicros) / 1_000_000,
                    hasSoc && Double.isNaN(scalars[BmsField.SOC.ordinal()]) ? "soc " : "",
                    hasCellVoltages && cellsSeen == 0 ? "cell voltages " : "",
                    hasCellTemperatures && sensorsSeen == 0 ? "cell temperatures" : "");
        }
        return true;
    }

    private void integrate(long t) {
        if (lastCurrentMicros >= 0 && t > lastCurrentMicros) {
            double ah = currentReading * (t - lastCurrentMicros) / 3.6e9;
            if (ah >= 0) {
                ahCharged += ah;
            } else {
                ahDischarged -= ah;
            }
        }
        lastCurrentMicros = t;
    }

    private void emit(long t) {
        double min = Double.NaN;
        double max = Double.NaN;
        double sum = 0;
        int n = 0;
        for (int i = 0; i < cellsSeen; i++) {
            double v = cellVolts[i];
            if (!Double.isNaN(v)) {
                min = n == 0 ? v : Math.min(min, v);
                max = n == 0 ? v : Math.max(max, v);
                sum += v;
                n++;
            }
        }
        double tMin = Double.NaN;
        double tMax = Double.NaN;
        for (int i = 0; i < sensorsSeen; i++) {
            double c = sensorTemps[i];
            if (!Double.isNaN(c)) {
                tMin = Double.isNaN(tMin) ? c : Math.min(tMin, c);
                tMax = Double.isNaN(tMax) ? c : Math.max(tMax, c);
            }
        }
        out.accept(new PackSample(t / 1000, scalars[BmsField.PACK_VOLTAGE.ordinal()],
                scalars[BmsField.PACK_CURRENT.ordinal()], scalars[BmsField.SOC.ordinal()], ahCharged, ahDischarged,
                min, max, n == 0 ? Double.NaN : sum / n, tMin, tMax));
    }

    /**
     * A reading that came another way than a mapped frame: a diagnostic poll's answer. Cells, sensors, SOC (when the
     * mapping has none) and insulation join the model as if read from a frame; pack voltage and current are taken
     * only when no frame has given them yet, so a broadcast signal (read far more often) is not overwritten by a
     * slower poll and the coulomb counters integrate one source. SOH and capacity are kept for
     * {@link #bmsSoh()} and {@link #bmsCapacityAh()}.
     *
     * @param index 0-based cell or sensor for {@link BmsField#CELL_VOLTAGE} and {@link BmsField#CELL_TEMPERATURE}
     */
    public void polled(BmsField field, int index, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        switch (field) {
            case CELL_VOLTAGE -> {
                if (index >= 0 && index < MAX_CELLS) {
                    cellVolts[index] = value;
                    cellsSeen = Math.max(cellsSeen, index + 1);
                    updates[field.ordinal()]++;
                }
            }
            case CELL_TEMPERATURE -> {
                if (index >= 0 && index < MAX_SENSORS) {
                    sensorTemps[index] = value;
                    sensorsSeen = Math.max(sensorsSeen, index + 1);
                    updates[field.ordinal()]++;
                }
            }
            case SOC -> {
                if (!hasSoc) {
                    scalars[field.ordinal()] = value;
                    updates[field.ordinal()]++;
                }
            }
            case INSULATION_RESISTANCE -> {
                scalars[field.ordinal()] = value;
                updates[field.ordinal()]++;
            }
            case PACK_VOLTAGE, PACK_CURRENT -> {
                if (updates[field.ordinal()] == polledOnly[field.ordinal()]) {
                    scalars[field.ordinal()] = value;
                    updates[field.ordinal()]++;
                    polledOnly[field.ordinal()]++;
                }
            }
            default -> throw new IllegalArgumentException(field + " cannot be polled");
        }
    }

    /** The BMS's own state of health as it last stated it (a diagnostic poll), percent; NaN when never. */
    public double bmsSoh() {
        return bmsSoh;
    }

    /** The BMS's own capacity estimate as it last stated it, ampere-hours; NaN when never. */
    public double bmsCapacityAh() {
        return bmsCapacityAh;
    }

    /** Takes the BMS's stated SOH (percent) and capacity (Ah); NaN leaves a value as it was. */
    public void bmsHealth(double sohPercent, double capacityAh) {
        if (!Double.isNaN(sohPercent)) {
            bmsSoh = sohPercent;
        }
        if (!Double.isNaN(capacityAh)) {
            bmsCapacityAh = capacityAh;
        }
        if (!Double.isNaN(sohPercent) || !Double.isNaN(capacityAh)) {
            bmsHealthUpdates++;
        }
    }

    /** How many times the BMS has stated its SOH or capacity: a change means a new statement. */
    public long bmsHealthUpdates() {
        return bmsHealthUpdates;
    }

    /** The fault flags of every bus, flag i in bit i of {@link #faultBits()}. */
    public List<String> faultFlags() {
        return faultFlags;
    }

    /** The buses' mappings, in bus order. */
    public List<ResolvedMapping> busMappings() {
        return List.of(busMappings);
    }

    /** The first bus's mapping. */
    public ResolvedMapping mapping() {
        return mapping;
    }

    public long frames() {
        return frames;
    }

    /** Frames of messages the mapping does not use (or the DBC does not know). */
    public long unmappedFrames() {
        return unknownFrames;
    }

    /** Readings carrying a raw value the mapping declares "not available". */
    public long invalidReadings() {
        return invalidReadings;
    }

    /** Readings skipped by a field's maxHz, or not counted because onChange found them unchanged. */
    public long rateLimitedReadings() {
        return rateLimited;
    }

    /** Pair readings dropped: a value without its number (or the reverse) in a frame, or a number out of range. */
    public long unpairedReadings() {
        return unpaired;
    }

    /** Updates taken for a field (summed over cells or sensors for indexed fields). */
    public long updates(BmsField field) {
        return updates[field.ordinal()];
    }

    /** The held value of a scalar field (pack voltage, current, SOC, insulation resistance), NaN before the first. */
    public double value(BmsField field) {
        return switch (field) {
            case PACK_VOLTAGE, PACK_CURRENT, SOC, INSULATION_RESISTANCE -> scalars[field.ordinal()];
            default -> throw new IllegalArgumentException(field + " is not a scalar field");
        };
    }

    /** Last insulation resistance, kOhm; NaN until read or when not mapped. */
    public double insulationResistanceKohm() {
        return scalars[BmsField.INSULATION_RESISTANCE.ordinal()];
    }

    /** Active fault flags as bits, flag i of {@link ResolvedMapping#faultFlags()} in bit i. */
    public long faultBits() {
        return faultBits;
    }

    /** Names of the active fault flags (allocates; for display). */
    public List<String> activeFaults() {
        List<String> active = new ArrayList<>();
        List<String> flags = faultFlags;
        for (int i = 0; i < flags.size(); i++) {
            if ((faultBits & (1L << i)) != 0) {
                active.add(flags.get(i));
            }
        }
        return active;
    }

    /** Last voltage of a cell (0-based), NaN when never read. */
    public double cellVoltage(int index) {
        return cellVolts[index];
    }

    /** Last temperature of a sensor (0-based), NaN when never read. */
    public double cellTemperature(int index) {
        return sensorTemps[index];
    }

    /** Rate limit and on-change state for a group of targets: plain arrays, no allocation per reading. */
    private static final class RateGate {
        private static final long NEVER = Long.MIN_VALUE;
        private final long[] taken;
        private final double[] last;

        RateGate(int size) {
            taken = new long[size];
            last = new double[size];
            Arrays.fill(taken, NEVER);
        }

        /** Whether a reading is taken; when it is, it becomes the reference for the next one. */
        boolean pass(int key, long t, double value, Slot slot) {
            long previous = taken[key];
            if (previous != NEVER) {
                if (slot.minIntervalMicros > 0 && t >= 0 && t - previous < slot.minIntervalMicros) {
                    return false;
                }
                if (slot.onChange && Double.compare(value, last[key]) == 0) {
                    return false;
                }
            }
            taken[key] = t;
            last[key] = value;
            return true;
        }
    }
}
