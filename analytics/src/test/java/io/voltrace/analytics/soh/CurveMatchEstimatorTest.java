package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveMatchEstimatorTest {
    private static final double NOMINAL = 3.0;
    // An NMC cell at 1 A never reads below 2.95 V; its capacity is counted to 3.0 V here.
    private static final ExtractorConfig NMC = ExtractorConfig.of(Chemistry.NMC, NOMINAL, 1).withCutoffVolts(3.2);
    private final CurveMatchEstimator estimator = CurveMatchEstimator.defaults();

    private static ReferenceCurve reference(Chemistry chemistry, ExtractorConfig config) {
        CellRun fresh = new CellRun(chemistry, NOMINAL, 0.05, 10, 100).rest(600);
        fresh.dischargeTo(1.0, config.cutoffVolts()).rest(600);
        return ReferenceCurve.firstFullDischarge(fresh.extract(config).segments(), config.cutoffVolts(),
                FullDischargeEstimator.defaults()).orElseThrow();
    }

    private static Segment partial(Chemistry chemistry, double capacityAh, double fromSoc, double toSoc, double amps,
                                   ExtractorConfig config) {
        CellRun aged = new CellRun(chemistry, capacityAh, 0.05, 10, fromSoc).rest(1800);
        aged.dischargeToSoc(amps, toSoc).rest(1800);
        List<Segment> segments = aged.extract(config).segments();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    @Test
    void anEvenlyFadedCellsCapacityComesFromAPartialSegment() {
        ReferenceCurve ref = reference(Chemistry.NMC, NMC);
        Segment s = partial(Chemistry.NMC, 2.55, 85, 25, 1.0, NMC);

        CurveMatchEstimator.Result r = estimator.match(ref, s);

        assertThat(r.refusal()).isNull();
        CurveMatch m = r.match();
        double truthToCutoff = ref.capacityAh() * 2.55 / NOMINAL;
        assertThat(m.capacityAh()).isCloseTo(truthToCutoff, within(0.01 * truthToCutoff));
        assertThat(m.scale()).isCloseTo(0.85, within(0.01));
        assertThat(m.windowShare()).isBetween(0.55, 0.65);
        assertThat(m.shapeDisagreement()).isLessThan(0.01);
        // What lies outside the window is extrapolated: 15 % fade seen, about 40 % of the curve unseen.
        assertThat(m.relativeUncertainty()).isCloseTo((1 - m.windowShare()) * 0.15, within(0.005));
    }

    @Test
    void aWideWindowNearTheReferenceGivesAFigure() {
        ReferenceCurve ref = reference(Chemistry.NMC, NMC);
        Segment s = partial(Chemistry.NMC, 2.85, 97, 8, 1.0, NMC);

        SohEstimate e = estimator.estimate("C1", NOMINAL, ref, List.of(s));

        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        double truth = ref.capacityAh() * 2.85 / NOMINAL;
        assertThat(e.capacityAh()).isCloseTo(truth, within(0.01 * truth));
        assertThat(e.uncertaintyPercent()).isPositive().isLessThan(1.5);
        assertThat(e.method()).isEqualTo(CurveMatchEstimator.METHOD);
    }

    @Test
    void aNarrowWindowFarFromTheReferenceIsInsufficientNotAGuess() {
        ReferenceCurve ref = reference(Chemistry.NMC, NMC);
        Segment s = partial(Chemistry.NMC, 2.1, 70, 45, 1.0, NMC);

        SohEstimate e = estimator.estimate("C1", NOMINAL, ref, List.of(s));

        assertThat(e.sufficient()).isFalse();
        assertThat(e.capacityAh()).isNull();
        assertThat(e.insufficientReason()).contains("1 matched segment leave ±").contains("more than 3 %");
    }

    @Test
    void aSegmentAtAnotherCurrentIsNotCompared() {
        ReferenceCurve ref = reference(Chemistry.NMC, NMC);
        Segment s = partial(Chemistry.NMC, 2.7, 90, 20, 2.0, NMC);

        assertThat(estimator.match(ref, s).refusal()).isEqualTo(CurveMatchEstimator.Refusal.CURRENT);
        assertThat(estimator.estimate("C1", NOMINAL, ref, List.of(s)).insufficientReason())
                .isEqualTo("no segment matches the reference curve (1 at another current than the reference)");
    }

    @Test
    void lfpPlateauIsSkippedAsFlat() {
        ExtractorConfig lfp = ExtractorConfig.of(Chemistry.LFP, NOMINAL, 1).withCutoffVolts(2.8);
        ReferenceCurve ref = reference(Chemistry.LFP, lfp);
        // 80 % → 25 % lies on the plateau (3.25–3.335 V OCV): a millivolt there is over half a percent of charge.
        Segment s = partial(Chemistry.LFP, 2.7, 80, 25, 1.0, lfp);

        assertThat(estimator.match(ref, s).refusal()).isEqualTo(CurveMatchEstimator.Refusal.FLAT);
    }

    @Test
    void aChargeIsNotMatchedAgainstADischargeReference() {
        ReferenceCurve ref = reference(Chemistry.NMC, NMC);
        CellRun cell = new CellRun(Chemistry.NMC, 2.7, 0.05, 10, 20).rest(1800);
        cell.run(1.0, 3600 * 1.5).rest(1800);
        Segment charge = cell.extract(NMC).segments().get(0);

        assertThat(estimator.match(ref, charge).refusal()).isEqualTo(CurveMatchEstimator.Refusal.DIRECTION);
    }

    @Test
    void manySegmentsAreCombined() {
        ReferenceCurve ref = reference(Chemistry.NMC, NMC);
        List<Segment> segments = List.of(partial(Chemistry.NMC, 2.85, 97, 10, 1.0, NMC),
                partial(Chemistry.NMC, 2.85, 95, 12, 1.0, NMC), partial(Chemistry.NMC, 2.85, 98, 9, 1.0, NMC),
                partial(Chemistry.NMC, 2.85, 96, 11, 1.0, NMC));

        SohEstimate e = estimator.estimate("C1", NOMINAL, ref, segments);

        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.segments()).isEqualTo(4);
        double truth = ref.capacityAh() * 2.85 / NOMINAL;
        assertThat(e.capacityAh()).isCloseTo(truth, within(0.01 * truth));
    }
}
