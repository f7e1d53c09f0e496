package io.voltrace.edge.bms;

import java.util.List;
import java.util.Objects;

/** Where an indexed field (cell voltages, cell temperatures) comes from: three ways vehicles send them. */
public sealed interface IndexedSource {

    FieldOptions options();

    /**
     * Signal names that carry their cell number, e.g. {@code CellVoltage(\d+)} over {@code CellVoltage001..096}.
     *
     * @param pattern     a Java regular expression matched against whole signal names; its one capturing group (or
     *                    the group named {@code index} when there are several) captures a decimal number
     * @param indexOffset added to the captured number to give the 0-based index: -1 for names counting from 1
     */
    record Pattern(String pattern, int indexOffset, FieldOptions options) implements IndexedSource {
        public Pattern {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(options, "options");
        }
    }

    /** An explicit list: the signal at position i feeds index i. For names a pattern cannot number. */
    record Listed(List<String> signals, FieldOptions options) implements IndexedSource {
        public Listed {
            signals = List.copyOf(signals);
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * A value signal and a number signal in the same message, as BMSs send that cycle through their cells one frame
     * at a time ("cell 17: 3.912 V"). The index is the number signal's physical value, rounded, plus
     * {@code indexOffset}.
     */
    record Paired(String valueSignal, String indexSignal, int indexOffset, FieldOptions options)
            implements IndexedSource {
        public Paired {
            Objects.requireNonNull(valueSignal, "valueSignal");
            Objects.requireNonNull(indexSignal, "indexSignal");
            Objects.requireNonNull(options, "options");
        }
    }
}
