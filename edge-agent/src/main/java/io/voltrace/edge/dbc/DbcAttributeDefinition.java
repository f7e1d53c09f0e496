package io.voltrace.edge.dbc;

import java.util.List;
import java.util.Objects;

/**
 * A {@code BA_DEF_} with its {@code BA_DEF_DEF_} default.
 *
 * @param name         attribute name
 * @param objectType   what the attribute is set on
 * @param valueType    INT, HEX, FLOAT, STRING or ENUM
 * @param minimum      lower bound as written for numeric types, else null
 * @param maximum      upper bound as written for numeric types, else null
 * @param enumValues   the ENUM's texts in index order; empty for other types
 * @param defaultValue the {@code BA_DEF_DEF_} value (Long, Double or String as for values), or null when none
 */
public record DbcAttributeDefinition(String name, ObjectType objectType, ValueType valueType, Double minimum,
                                     Double maximum, List<String> enumValues, Object defaultValue) {

    public enum ObjectType {
        /** No object keyword: the database itself. */
        DATABASE,
        /** {@code BU_}. */
        NODE,
        /** {@code BO_}. */
        MESSAGE,
        /** {@code SG_}. */
        SIGNAL,
        /** {@code EV_}. */
        ENVIRONMENT_VARIABLE
    }

    public enum ValueType { INT, HEX, FLOAT, STRING, ENUM }

    public DbcAttributeDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(valueType, "valueType");
        enumValues = List.copyOf(enumValues);
    }
}
