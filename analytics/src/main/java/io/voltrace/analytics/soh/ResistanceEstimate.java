package io.voltrace.analytics.soh;

/**
 * A cell's resistance from current steps, corrected to the reference temperature, or the reason there is none.
 *
 * @param battery            battery code
 * @param ohms               robust mean cell resistance at {@code referenceTempC}
 * @param uncertaintyOhms    one-sigma uncertainty of {@code ohms}
 * @param steps              steps it rests on (effective count after down-weighting, rounded)
 * @param referenceTempC     temperature the figure is corrected to
 * @param method             how it was obtained
 * @param insufficientReason why there is no figure; null when there is one
 */
public record ResistanceEstimate(String battery, Double ohms, Double uncertaintyOhms, int steps,
                                 double referenceTempC, String method, String insufficientReason) {

    public ResistanceEstimate {
        if (insufficientReason == null ? ohms == null || uncertaintyOhms == null
                : ohms != null || uncertaintyOhms != null) {
            throw new IllegalArgumentException(
                    "a resistance estimate carries either a figure and its uncertainty, or a reason");
        }
    }

    public boolean sufficient() {
        return insufficientReason == null;
    }

    /**
     * Resistance increase over a beginning-of-life figure, (R − R_BOL)/R_BOL in percent, as the battery regulation
     * asks; {@link #growthUncertaintyPercent} carries both figures' uncertainties.
     */
    public double growthPercent(ResistanceEstimate beginningOfLife) {
        requireBoth(beginningOfLife);
        return (ohms / beginningOfLife.ohms - 1) * 100;
    }

    public double growthUncertaintyPercent(ResistanceEstimate beginningOfLife) {
        requireBoth(beginningOfLife);
        double ratio = ohms / beginningOfLife.ohms;
        double a = uncertaintyOhms / ohms;
        double b = beginningOfLife.uncertaintyOhms / beginningOfLife.ohms;
        return ratio * Math.sqrt(a * a + b * b) * 100;
    }

    private void requireBoth(ResistanceEstimate bol) {
        if (!sufficient() || !bol.sufficient()) {
            throw new IllegalStateException("resistance growth needs two figures: "
                    + (sufficient() ? bol.insufficientReason : insufficientReason));
        }
    }
}
