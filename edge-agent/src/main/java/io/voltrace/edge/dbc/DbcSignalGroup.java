package io.voltrace.edge.dbc;

import java.util.List;
import java.util.Objects;

/**
 * A {@code SIG_GROUP_}: signals of one message that belong together (sent or updated as a unit).
 *
 * @param name        group name
 * @param repetitions repetition count as written (usually 1)
 * @param signalNames member signals, in file order, by their final (long, when given) names
 */
public record DbcSignalGroup(String name, int repetitions, List<String> signalNames) {

    public DbcSignalGroup {
        Objects.requireNonNull(name, "name");
        signalNames = List.copyOf(signalNames);
    }
}
