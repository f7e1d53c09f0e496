package io.voltrace.analytics.fleet;

import io.voltrace.analytics.grading.Grade;
import java.util.List;
import java.util.Map;

/**
 * A fleet read from files, and what could not be read.
 *
 * @param packs    the packs with their histories
 * @param grades   grades given in the input, by battery code
 * @param problems rows skipped, each as file:line: field: reason
 */
public record FleetInput(List<PackHistory> packs, Map<String, Grade> grades, List<String> problems) {

    public FleetInput {
        packs = List.copyOf(packs);
        grades = Map.copyOf(grades);
        problems = List.copyOf(problems);
    }
}
