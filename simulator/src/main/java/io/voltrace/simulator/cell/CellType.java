package io.voltrace.simulator.cell;

import io.voltrace.common.chemistry.Chemistry;

/**
 * What one cell chemistry looks like to the simulator: its nominal OCV form, its hysteresis (full gap between the
 * charge and discharge branches, drawn per pack from a range), the rate at which hysteresis follows the current, and
 * its relaxation: three RC pairs, seconds, tens of minutes and hours, as fractions of the ohmic resistance.
 *
 * <p>The OCV forms' parameters were fitted once (least squares, {@code research/simulator/fit_ocv.py}) to the
 * chemistry's published table, as a maker's characterisation of a cell type would be; what the estimator cannot know
 * is the form's shape error, each cell's own parameters, hysteresis, relaxation, sensors and the BMS.
 * Hysteresis gaps: NMC 10–30 mV, LFP 30–60 mV (Plett, Battery Management Systems vol. 1 §2.7; Dreyer et al., Nature
 * Materials 2010, for LFP's wide gap). Relaxation time constants 60 s, 20 min, 2 h: the charge-transfer, the
 * solid-diffusion and the slow electrolyte/particle equilibration seen in rest voltages of NMC and LFP cells.
 */
public enum CellType {
    NMC(Chemistry.NMC,
            new OcvForm(3.46672, 0.17944, 0.07942, 0.61338, 0.07272, 0.10393, 0.15566, 0.0522, 0.52939, 0.03481,
                    0.36133, 0.3),
            0.010, 0.030, 30),
    LFP(Chemistry.LFP,
            new OcvForm(3.15304, -0.77619, 1.0, 0.64464, 0.2753, 0.16495, 0.1976, 0.07211, 0.83509, 0.03162,
                    0.30734, 0.03053),
            0.030, 0.060, 50);

    /** Relaxation time constants, seconds. */
    public static final double[] RC_TAU_S = {60, 1200, 7200};
    /** Each RC pair's resistance as a fraction of the cell's ohmic resistance. */
    public static final double[] RC_FRACTION = {0.5, 0.4, 0.35};

    private final Chemistry chemistry;
    private final OcvForm ocv;
    private final double minGapVolts;
    private final double maxGapVolts;
    private final double hysteresisRate;

    CellType(Chemistry chemistry, OcvForm ocv, double minGapVolts, double maxGapVolts, double hysteresisRate) {
        this.chemistry = chemistry;
        this.ocv = ocv;
        this.minGapVolts = minGapVolts;
        this.maxGapVolts = maxGapVolts;
        this.hysteresisRate = hysteresisRate;
    }

    public Chemistry chemistry() {
        return chemistry;
    }

    public OcvForm ocv() {
        return ocv;
    }

    public double minGapVolts() {
        return minGapVolts;
    }

    public double maxGapVolts() {
        return maxGapVolts;
    }

    /** γ of the one-state hysteresis model: the branch is reached after about 1/γ of the capacity has flowed. */
    public double hysteresisRate() {
        return hysteresisRate;
    }

    public static CellType of(Chemistry chemistry) {
        for (CellType t : values()) {
            if (t.chemistry == chemistry) {
                return t;
            }
        }
        throw new IllegalArgumentException("the simulator has no cell type for " + chemistry
                + "; use NMC or LFP");
    }
}
