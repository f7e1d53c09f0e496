package io.voltrace.edge.bms;

import io.voltrace.edge.can.KernelFilter;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.edge.dbc.DbcMessage;
import io.voltrace.edge.dbc.DbcSignal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@link SignalMapping} checked against one DBC: for each message that carries a mapped signal, one {@link Slot} per
 * signal in signal order. Built once; the sampler then looks up a message's slots by identity and indexes them by
 * the decoder's signal index.
 *
 * <p>Checks, each reported as {@code file: field: reason}: every named signal exists in the DBC (with a suggestion
 * when a close name does) and is unambiguous; patterns compile, have one number group and match at least one signal;
 * indices stay within {@link #MAX_CELLS} / {@link #MAX_SENSORS}; no two signals feed the same target and no signal
 * feeds two; a value + index pair lives in one message; fault flag names are unique and at most 64.
 */
public final class ResolvedMapping {
    public static final int MAX_CELLS = 512;
    public static final int MAX_SENSORS = 128;
    public static final int MAX_FAULTS = 64;

    private final SignalMapping mapping;
    private final DbcDatabase database;
    private final Map<DbcMessage, Slot[]> slots;
    private final List<DbcMessage> messages;
    private final List<String> faultFlags;
    private final int mappedSignals;

    private ResolvedMapping(SignalMapping mapping, DbcDatabase database, Map<DbcMessage, Slot[]> slots,
                            List<String> faultFlags, int mappedSignals) {
        this.mapping = mapping;
        this.database = database;
        this.slots = slots;
        List<DbcMessage> inOrder = new ArrayList<>();
        for (DbcMessage m : database.messages()) {
            if (slots.containsKey(m)) {
                inOrder.add(m);
            }
        }
        this.messages = List.copyOf(inOrder);
        this.faultFlags = List.copyOf(faultFlags);
        this.mappedSignals = mappedSignals;
    }

    public SignalMapping mapping() {
        return mapping;
    }

    public DbcDatabase database() {
        return database;
    }

    /** The messages carrying mapped signals, in DBC order: what a kernel filter should let through. */
    public List<DbcMessage> messages() {
        return messages;
    }

    /** The ids of {@link #messages()}, for {@link io.voltrace.edge.can.SocketCanSource.Config#acceptIds()}. */
    public List<KernelFilter.Id> canIds() {
        return messages.stream().map(m -> new KernelFilter.Id(m.id(), m.extended())).toList();
    }

    /** Fault flag names; flag i is bit i of {@link PackSampler#faultBits()}. */
    public List<String> faultFlags() {
        return faultFlags;
    }

    /** How many DBC signals feed the model. */
    public int mappedSignals() {
        return mappedSignals;
    }

    public boolean hasSoc() {
        return mapping.soc() != null;
    }

    public boolean hasCellVoltages() {
        return mapping.cellVoltages() != null;
    }

    public boolean hasCellTemperatures() {
        return mapping.cellTemperatures() != null;
    }

    /** The slots of a message, or null when it carries nothing mapped. Allocation-free. */
    Slot[] slots(DbcMessage message) {
        return slots.get(message);
    }

    @Override
    public String toString() {
        return "ResolvedMapping[" + mapping.source() + " on " + database.sourceName() + ": " + mappedSignals
                + " signals in " + messages.size() + " messages]";
    }

    static ResolvedMapping resolve(SignalMapping mapping, DbcDatabase database) throws MappingException {
        return new Resolver(mapping, database).run();
    }

    /** One signal of one message. */
    private record Ref(DbcMessage message, int signalIndex) {
        DbcSignal signal() {
            return message.signals().get(signalIndex);
        }

        String describe() {
            return message.name() + "." + signal().name();
        }
    }

    private static final class Resolver {
        private final SignalMapping mapping;
        private final DbcDatabase database;
        private final String source;
        private final List<String> problems = new ArrayList<>();
        private final Map<String, List<Ref>> byName = new HashMap<>();
        private final Map<DbcMessage, Slot[]> slots = new IdentityHashMap<>();
        /** Signal (message.signal) → the field path that claimed it. */
        private final Map<String, String> claimedSignals = new HashMap<>();
        /** Target (e.g. "CELL_VOLTAGE[3]") → the signal that feeds it. */
        private final Map<String, String> claimedTargets = new HashMap<>();
        private final List<String> faultFlags = new ArrayList<>();
        private int mapped;

        Resolver(SignalMapping mapping, DbcDatabase database) {
            this.mapping = mapping;
            this.database = database;
            this.source = mapping.source();
            for (DbcMessage m : database.messages()) {
                for (int i = 0; i < m.signals().size(); i++) {
                    byName.computeIfAbsent(m.signals().get(i).name(), k -> new ArrayList<>()).add(new Ref(m, i));
                }
            }
        }

        ResolvedMapping run() throws MappingException {
            if (mapping.packVoltage() != null) {
                scalar("packVoltage", mapping.packVoltage(), BmsField.PACK_VOLTAGE, 1);
            }
            CurrentField current = mapping.packCurrent();
            if (current != null) {
                scalar("packCurrent", new SignalField(current.signal(), current.options()), BmsField.PACK_CURRENT,
                        current.sign());
            }
            if (mapping.soh() != null) {
                scalar("soh", mapping.soh(), BmsField.SOH, 1);
            }
            if (mapping.capacityAh() != null) {
                scalar("capacityAh", mapping.capacityAh(), BmsField.CAPACITY_AH, 1);
            }
            if (mapping.soc() != null) {
                scalar("soc", mapping.soc(), BmsField.SOC, 1);
            }
            if (mapping.insulationResistance() != null) {
                scalar("insulationResistance", mapping.insulationResistance(), BmsField.INSULATION_RESISTANCE, 1);
            }
            if (mapping.cellVoltages() != null) {
                indexed("cellVoltages", mapping.cellVoltages(), BmsField.CELL_VOLTAGE, BmsField.CELL_VOLTAGE_INDEX,
                        MAX_CELLS);
            }
            if (mapping.cellTemperatures() != null) {
                indexed("cellTemperatures", mapping.cellTemperatures(), BmsField.CELL_TEMPERATURE,
                        BmsField.CELL_TEMPERATURE_INDEX, MAX_SENSORS);
            }
            faults();
            if (!problems.isEmpty()) {
                throw new MappingException(source, problems);
            }
            return new ResolvedMapping(mapping, database, Collections.unmodifiableMap(slots), faultFlags, mapped);
        }

        private void scalar(String path, SignalField field, BmsField target, double sign) {
            Ref ref = find(path + ".signal", field.signal());
            if (ref != null) {
                claim(path, ref, target.name(), new Slot(target, -1, 0, sign, field.options(), List.of()));
            }
        }

        private void indexed(String path, IndexedSource source, BmsField value, BmsField number, int max) {
            FieldOptions options = source.options();
            if (source instanceof IndexedSource.Listed listed) {
                List<String> names = listed.signals();
                if (names.size() > max) {
                    problem(path + ".signals", names.size() + " signals, more than the " + max + " this agent keeps");
                    return;
                }
                for (int i = 0; i < names.size(); i++) {
                    Ref ref = find(path + ".signals[" + i + "]", names.get(i));
                    if (ref != null) {
                        claim(path + ".signals[" + i + "]", ref, value + "[" + i + "]",
                                new Slot(value, i, 0, 1, options, List.of()));
                    }
                }
            } else if (source instanceof IndexedSource.Pattern pattern) {
                patterned(path, pattern, value, max);
            } else if (source instanceof IndexedSource.Paired paired) {
                Ref valueRef = find(path + ".valueSignal", paired.valueSignal());
                Ref numberRef = find(path + ".indexSignal", paired.indexSignal());
                if (valueRef == null || numberRef == null) {
                    return;
                }
                if (valueRef.message() != numberRef.message()) {
                    problem(path, "valueSignal " + valueRef.describe() + " and indexSignal " + numberRef.describe()
                            + " must be in the same message");
                    return;
                }
                if (valueRef.signalIndex() == numberRef.signalIndex()) {
                    problem(path, "valueSignal and indexSignal are the same signal " + valueRef.describe());
                    return;
                }
                claim(path + ".valueSignal", valueRef, value + " (paired value)",
                        new Slot(value, -1, 0, 1, options, List.of()));
                claim(path + ".indexSignal", numberRef, number.name(),
                        new Slot(number, -1, paired.indexOffset(), 1, FieldOptions.DEFAULT, List.of()));
            }
        }

        private void patterned(String path, IndexedSource.Pattern source, BmsField value, int max) {
            Pattern regex;
            try {
                regex = Pattern.compile(source.pattern());
            } catch (PatternSyntaxException e) {
                problem(path + ".pattern", "not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex());
                return;
            }
            int groups = regex.matcher("").groupCount();
            boolean named = source.pattern().contains("(?<index>");
            if (groups == 0 || groups > 1 && !named) {
                problem(path + ".pattern", "'" + source.pattern() + "' must have one capturing group for the number"
                        + " (or a group named 'index'), has " + groups);
                return;
            }
            int matches = 0;
            FieldOptions options = source.options();
            for (DbcMessage m : database.messages()) {
                for (int i = 0; i < m.signals().size(); i++) {
                    Matcher matcher = regex.matcher(m.signals().get(i).name());
                    if (!matcher.matches()) {
                        continue;
                    }
                    matches++;
                    Ref ref = new Ref(m, i);
                    String captured = named ? matcher.group("index") : matcher.group(1);
                    long number;
                    try {
                        number = Long.parseLong(captured);
                    } catch (NumberFormatException e) {
                        problem(path + ".pattern", "captured '" + captured + "' from " + ref.describe()
                                + ", not a whole number");
                        continue;
                    }
                    long index = number + source.indexOffset();
                    if (index < 0 || index >= max) {
                        problem(path + ".pattern", ref.describe() + " gives index " + number + " + "
                                + source.indexOffset() + " = " + index + ", outside 0.." + (max - 1)
                                + (index < 0 ? " (check indexOffset)" : ""));
                        continue;
                    }
                    claim(path + ".pattern", ref, value + "[" + index + "]",
                            new Slot(value, (int) index, 0, 1, options, List.of()));
                }
            }
            if (matches == 0) {
                problem(path + ".pattern", "'" + source.pattern() + "' matches no signal in "
                        + database.sourceName());
            }
        }

        private void faults() {
            List<FaultField> faults = mapping.faults();
            if (faults.size() > MAX_FAULTS) {
                problem("faults", faults.size() + " flags, more than the " + MAX_FAULTS + " this agent keeps");
                return;
            }
            Map<String, String> flagOwner = new LinkedHashMap<>();
            for (FaultField fault : faults) {
                String path = "faults." + fault.signal();
                String earlier = flagOwner.putIfAbsent(fault.flag(), fault.signal());
                if (earlier != null) {
                    problem(path, "flag '" + fault.flag() + "' is already raised by " + earlier
                            + "; give each signal its own flag");
                    continue;
                }
                int bit = faultFlags.size();
                faultFlags.add(fault.flag());
                Ref ref = find(path, fault.signal());
                if (ref != null) {
                    claim(path, ref, "FAULT " + fault.flag(), new Slot(BmsField.FAULT, bit, 0, 1, fault.options(),
                            fault.activeRaw()));
                }
            }
        }

        private void claim(String path, Ref ref, String target, Slot slot) {
            String signal = ref.describe();
            String earlierPath = claimedSignals.putIfAbsent(signal, path);
            if (earlierPath != null) {
                problem(path, "signal " + signal + " is already mapped by " + earlierPath);
                return;
            }
            String earlierSignal = claimedTargets.putIfAbsent(target, signal);
            if (earlierSignal != null) {
                problem(path, "duplicate target " + target + ": fed by both " + earlierSignal + " and " + signal);
                return;
            }
            Slot[] perSignal = slots.computeIfAbsent(ref.message(), m -> {
                Slot[] fresh = new Slot[m.signals().size()];
                java.util.Arrays.fill(fresh, Slot.IGNORED);
                return fresh;
            });
            perSignal[ref.signalIndex()] = slot;
            mapped++;
        }

        /** The signal a name means: {@code Signal} when unique in the DBC, or {@code Message.Signal}. */
        private Ref find(String path, String name) {
            int dot = name.indexOf('.');
            if (dot > 0) {
                String messageName = name.substring(0, dot);
                String signalName = name.substring(dot + 1);
                DbcMessage message = database.messageByName(messageName);
                if (message == null) {
                    problem(path, "no message '" + messageName + "' in " + database.sourceName());
                    return null;
                }
                int index = message.signalIndex(signalName);
                if (index < 0) {
                    problem(path, "message " + messageName + " has no signal '" + signalName + "'"
                            + suggestion(signalName));
                    return null;
                }
                return new Ref(message, index);
            }
            List<Ref> refs = byName.get(name);
            if (refs == null) {
                problem(path, "signal '" + name + "' is not in " + database.sourceName() + suggestion(name));
                return null;
            }
            if (refs.size() > 1) {
                problem(path, "signal '" + name + "' is in " + refs.size() + " messages ("
                        + String.join(", ", refs.stream().map(r -> r.message().name()).toList())
                        + "); write it as Message." + name);
                return null;
            }
            return refs.get(0);
        }

        /** A close signal name, for typos; empty when none is close. */
        private String suggestion(String name) {
            String best = null;
            int bestDistance = Math.max(2, name.length() / 4) + 1;
            for (String candidate : byName.keySet()) {
                if (candidate.equalsIgnoreCase(name)) {
                    return "; did you mean '" + candidate + "'?";
                }
                if (Math.abs(candidate.length() - name.length()) >= bestDistance) {
                    continue;
                }
                int d = distance(candidate, name, bestDistance);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = candidate;
                }
            }
            return best == null ? "" : "; did you mean '" + best + "'?";
        }

        /** Levenshtein distance, giving up (returning {@code limit}) once it cannot come under the limit. */
        private static int distance(String a, String b, int limit) {
            int[] previous = new int[b.length() + 1];
            int[] row = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                row[0] = i;
                int rowMin = row[0];
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    row[j] = Math.min(Math.min(row[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                    rowMin = Math.min(rowMin, row[j]);
                }
                if (rowMin >= limit) {
                    return limit;
                }
                int[] t = previous;
                previous = row;
                row = t;
            }
            return previous[b.length()];
        }

        private void problem(String path, String reason) {
            problems.add(source + ": " + path + ": " + reason);
        }
    }
}
