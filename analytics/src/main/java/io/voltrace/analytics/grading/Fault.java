package io.voltrace.analytics.grading;

/**
 * Faults an inspection or the BMS can report for a pack. Which of them send a pack straight to material recovery is
 * the policy's choice ({@link GradingPolicy#recoveryFaults()}); the others hold back reuse until the pack is repaired
 * and tested.
 */
public enum Fault {
    /** Dented or pierced casing, crushed modules: internal damage cannot be ruled out. */
    MECHANICAL_DAMAGE,
    /** Electrolyte smell or residue. */
    ELECTROLYTE_LEAKAGE,
    /** Swollen cells or bulged modules. */
    CELL_SWELLING,
    /** A cell vented (gas release). */
    VENTING,
    /** Water inside the pack housing. */
    WATER_INGRESS,
    /** The BMS's insulation monitor raised a fault; an insulation test decides. */
    INSULATION_FAULT,
    /** BMS hardware or communication fault. */
    BMS_FAULT,
    /** Welded or failing contactor. */
    CONTACTOR_FAULT,
    /** Coolant leak inside the pack (liquid-cooled packs). */
    COOLANT_LEAK
}
