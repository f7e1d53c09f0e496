package io.voltrace.edge.dbc;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed DBC file: its messages in file order, looked up by CAN id without allocating. Immutable. */
public final class DbcDatabase {

    private final String sourceName;
    private final String version;
    private final List<String> nodes;
    private final Map<String, DbcNode> nodesByName;
    private final Map<String, DbcAttributeDefinition> attributeDefinitions;
    private final String comment;
    private final List<DbcMessage> messages;
    private final Map<String, DbcMessage> byName;
    private final Map<String, Map<Long, String>> valueTables;
    private final Map<String, Object> attributes;
    private final List<String> warnings;

    // Open addressing over int keys: a HashMap<Integer, ...> would box on every lookup of the hot path.
    private final int[] keys;
    private final DbcMessage[] slots;
    private final int slotMask;

    DbcDatabase(String sourceName, String version, List<DbcNode> nodes, String comment, List<DbcMessage> messages,
                Map<String, Map<Long, String>> valueTables, Map<String, Object> attributes,
                Map<String, DbcAttributeDefinition> attributeDefinitions, List<String> warnings) {
        this.sourceName = sourceName;
        this.version = version;
        this.nodes = nodes.stream().map(DbcNode::name).toList();
        Map<String, DbcNode> nodeMap = new LinkedHashMap<>();
        nodes.forEach(n -> nodeMap.putIfAbsent(n.name(), n));
        this.nodesByName = Collections.unmodifiableMap(nodeMap);
        this.attributeDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(attributeDefinitions));
        this.comment = comment;
        this.messages = List.copyOf(messages);
        this.valueTables = Collections.unmodifiableMap(new LinkedHashMap<>(valueTables));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.warnings = List.copyOf(warnings);
        Map<String, DbcMessage> names = new HashMap<>();
        int capacity = Integer.highestOneBit(Math.max(4, messages.size() * 2 + 1)) << 1;
        keys = new int[capacity];
        slots = new DbcMessage[capacity];
        slotMask = capacity - 1;
        for (DbcMessage m : this.messages) {
            names.putIfAbsent(m.name(), m);
            int key = key(m.id(), m.extended());
            int i = slot(key);
            while (slots[i] != null) {
                if (keys[i] == key) {
                    throw new IllegalArgumentException("duplicate message id " + m);
                }
                i = (i + 1) & slotMask;
            }
            keys[i] = key;
            slots[i] = m;
        }
        this.byName = names;
    }

    /** Name given to the parser (usually the file name). */
    public String sourceName() {
        return sourceName;
    }

    /** {@code VERSION} text, empty when none. */
    public String version() {
        return version;
    }

    /** {@code BU_} node names (long names where the file gives them), in file order. */
    public List<String> nodes() {
        return nodes;
    }

    /** The {@code BU_} node of that name with its comment and attributes, or null. */
    public DbcNode node(String name) {
        return nodesByName.get(name);
    }

    /** {@code BA_DEF_} definitions by attribute name, with their {@code BA_DEF_DEF_} defaults. */
    public Map<String, DbcAttributeDefinition> attributeDefinitions() {
        return attributeDefinitions;
    }

    /** Global {@code CM_} text, or null. */
    public String comment() {
        return comment;
    }

    /** Messages in file order. */
    public List<DbcMessage> messages() {
        return messages;
    }

    /** The message with this id (without flags) and frame format, or null. O(1), allocation-free. */
    public DbcMessage message(int id, boolean extended) {
        int key = key(id, extended);
        int i = slot(key);
        DbcMessage m;
        while ((m = slots[i]) != null) {
            if (keys[i] == key) {
                return m;
            }
            i = (i + 1) & slotMask;
        }
        return null;
    }

    /** The first message of that name, or null. */
    public DbcMessage messageByName(String name) {
        return byName.get(name);
    }

    /** {@code VAL_TABLE_} tables by name. */
    public Map<String, Map<Long, String>> valueTables() {
        return valueTables;
    }

    /** Database-level {@code BA_} values (same types as {@link DbcMessage#attributes()}). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** What the parser skipped or guessed, each as {@code file:line: what}. */
    public List<String> warnings() {
        return warnings;
    }

    private static int key(int id, boolean extended) {
        return extended ? id | 0x8000_0000 : id;
    }

    private int slot(int key) {
        int h = key * 0x9E37_79B9;
        return (h ^ (h >>> 16)) & slotMask;
    }

    @Override
    public String toString() {
        return "DbcDatabase[" + sourceName + ": " + messages.size() + " messages, " + warnings.size() + " warnings]";
    }
}
