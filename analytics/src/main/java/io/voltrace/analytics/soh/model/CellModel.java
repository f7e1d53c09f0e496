package io.voltrace.analytics.soh.model;

import java.util.List;

/**
 * What {@code soh calibrate} learns about one cell type from labelled aging data: for constant-current charge and
 * discharge, capacity as a function of the charge a voltage window holds, for every window position the data cover,
 * each with the error it made on cells it had not seen. Stored as versioned JSON ({@link CellModels}).
 *
 * @param format      always {@link #FORMAT}
 * @param version     file format version, {@link #VERSION}
 * @param chemistry   the cell type's chemistry (nmc, lfp, lco)
 * @param nominalAh   the cell type's rated capacity: window charges and capacities scale with it
 * @param cells       the cells the model was fitted on
 * @param sigmaSource how each window's sigma was found: "leave-one-cell-out" (fits on all but one cell, scored on
 *                    that one) or "in-sample" (one cell only: understated)
 * @param charge      charge windows, or null when the data held no constant-current charge
 * @param discharge   discharge windows, or null
 */
public record CellModel(String format, int version, String chemistry, double nominalAh, List<String> cells,
                        String sigmaSource, WindowSet charge, WindowSet discharge) {

    public static final String FORMAT = "voltrace-cell-model";
    public static final int VERSION = 1;

    public CellModel {
        cells = List.copyOf(cells);
    }
}
