package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.Rest;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pack's own hysteresis and the relaxation short rests still hold, fitted with the capacity over every rest. The
 * day of an EV: parked overnight after a charge, a drive, parked for the day, a drive, parked an hour or so before
 * plugging in at low SOC, charged to 80–95 %. A rest after a drive sits below the OCV by the half gap, after a charge
 * above it; the rest before plugging in has not relaxed (4 mV still below after an hour here, decaying over 90 min).
 * Same-branch pairing alone read this pack 7.7 % low (83.1 Ah for 90 Ah): the half gap is more SOC on the flat
 * middle of the NMC curve, where the low end of a drive pair sits, than at its top, and the short rests read lower
 * still.
 */
class RestRegressionTest {
    private static final double NOMINAL_AH = 100;
    private static final double TRUE_AH = 90;
    private static final double HALF_GAP_VOLTS = 0.011;
    private static final double RELAX_VOLTS = 0.004;
    private static final long H = 3_600_000L;

    /** SOC after each event, and the rest that follows it (hours), for 12 days. */
    private record Event(double socAfter, double restHours) {
    }

    private static List<Event> days() {
        List<Event> out = new ArrayList<>();
        double[][] day = {{90, 62, 38}, {85, 55, 30}, {95, 70, 45}, {80, 58, 27}, {92, 66, 35}, {88, 60, 33}};
        for (int rep = 0; rep < 2; rep++) {
            for (double[] d : day) {
                out.add(new Event(d[0], 10));   // charged, parked overnight
                out.add(new Event(d[1], 8));    // morning drive, parked for the day
                out.add(new Event(d[2], 1.1 + 0.1 * out.size() % 0.6)); // evening drive, parked ~1 h, plugged in
            }
        }
        return out;
    }

    /** Rests and the segments between them; {@code skip} (index or −1) is a rest left out of the rests given. */
    private static List<Object> pack(int skip) {
        List<Rest> rests = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        long t = 0;
        double soc = 40;
        double netAh = 0;
        for (Event e : days()) {
            double moved = (e.socAfter() - soc) / 100 * TRUE_AH;
            Direction dir = moved > 0 ? Direction.CHARGE : Direction.DISCHARGE;
            long segEnd = t + H;
            segments.add(segment(dir, t, segEnd, Math.abs(moved)));
            netAh += moved;
            soc = e.socAfter();
            long restEnd = segEnd + Math.round(e.restHours() * H);
            double minutes = e.restHours() * 60;
            int branch = dir == Direction.CHARGE ? 1 : -1;
            double relax = RELAX_VOLTS * Math.exp(-(minutes - 60) / 90);
            double volts = Chemistry.NMC.ocv().voltsAt(soc) + branch * (HALF_GAP_VOLTS + relax);
            rests.add(new Rest(segEnd, restEnd, volts, 0, true, netAh, 0, 0, 25, 0.005));
            t = restEnd;
        }
        if (skip >= 0) {
            rests.remove(skip);
        }
        return List.of(rests, segments);
    }

    private static Segment segment(Direction dir, long start, long end, double ah) {
        boolean charge = dir == Direction.CHARGE;
        return new Segment(dir, start, end, charge ? ah : 0, charge ? 0 : ah, 0, 0, 0, 0, 0, 0, 0, 0, Double.NaN,
                Double.NaN, Double.NaN, 60, 0, false, false, false, Double.NaN, Double.NaN, null);
    }

    @SuppressWarnings("unchecked")
    private static SohEstimate estimate(CapacityEstimator estimator, List<Object> pack, boolean withSegments) {
        return estimator.estimateFromRests("P", Chemistry.NMC, NOMINAL_AH, (List<Rest>) pack.get(0),
                withSegments ? (List<Segment>) pack.get(1) : null);
    }

    @Test
    void theHysteresisGapAndTheUnfinishedRelaxationAreFittedNotLeftInTheCapacity() {
        SohEstimate e = estimate(CapacityEstimator.defaults(), pack(-1), true);

        assertThat(e.sufficient()).as(e.insufficientReason()).isTrue();
        assertThat(e.capacityAh()).isCloseTo(TRUE_AH, within(0.01 * TRUE_AH));
        assertThat(Math.abs(e.sohPercent() - 90)).isLessThanOrEqualTo(2 * e.uncertaintyPercent());
    }

    @Test
    void samebranchPairingAloneReadsThisPackLow() {
        // The regression made to refuse (it needs more rests than there are): what the estimator did before.
        RestRegression never = new RestRegression(60, 0.10, 0.001, 0.002, 0.5, 60, 3.5, 10_000, 5);
        CapacityEstimator pairing = CapacityEstimator.defaults();
        pairing = new CapacityEstimator(pairing.rest(), pairing.minDeltaSocPercent(), pairing.minSegments(),
                pairing.minOcvSlopeVoltsPerPercent(), pairing.ocvWindowMinutes(), pairing.maxSegmentHours(),
                pairing.outlierMads(), pairing.maxUncertaintyPercent(), pairing.ocvShapeVolts(),
                pairing.ocvBiasVolts(), pairing.currentGainPercent(), never);

        SohEstimate e = estimate(pairing, pack(-1), true);

        assertThat(e.capacityAh()).isLessThan(0.985 * TRUE_AH);
    }

    @Test
    void aRestMissingFromTheListDoesNotMislabelTheNextOnesBranchWhenTheSegmentsAreGiven() {
        // The rest after a charge withheld (as validate-fleet withholds rests above 90 %): by the net charge between
        // the rests given, the next drive's rest looks like it follows a charge.
        List<Object> pack = pack(9);
        RestRegression fit = RestRegression.defaults();
        @SuppressWarnings("unchecked")
        List<Rest> rests = (List<Rest>) pack.get(0);
        @SuppressWarnings("unchecked")
        List<Segment> segments = (List<Segment>) pack.get(1);

        // rests.get(9) is now the rest after the next morning's drive
        double day = (rests.get(9).endMillis() - rests.get(0).endMillis()) / 86_400_000.0;

        RestRegression.Point bySegments = at(fit.points(Chemistry.NMC.ocv(), NOMINAL_AH, rests, segments), day);
        RestRegression.Point byCounters = at(fit.points(Chemistry.NMC.ocv(), NOMINAL_AH, rests, null), day);

        assertThat(byCounters.branch()).isEqualTo(1);
        assertThat(bySegments.branch()).isEqualTo(-1);
        SohEstimate e = estimate(CapacityEstimator.defaults(), pack, true);
        assertThat(e.capacityAh()).isCloseTo(TRUE_AH, within(0.01 * TRUE_AH));
    }

    private static RestRegression.Point at(List<RestRegression.Point> points, double day) {
        return points.stream().filter(p -> Math.abs(p.days() - day) < 1e-9).findFirst().orElseThrow();
    }

    @Test
    void aReversalOfLessThanTheSettledChargeLeavesTheBranchUnknown() {
        Rest before = new Rest(0, 3 * H, 3.75, 0, true, 0, 0, 0, 25, 0.005);
        Rest after = new Rest(6 * H, 9 * H, 3.76, 0, true, -22, 0, 0, 25, 0.005);
        Rest partWay = new Rest(11 * H, 14 * H, 3.77, 0, true, -17, 0, 0, 25, 0.005);
        List<Segment> segments = List.of(segment(Direction.DISCHARGE, 3 * H, 6 * H, 22),
                segment(Direction.CHARGE, 9 * H, 11 * H, 5));

        List<RestRegression.Point> points = RestRegression.defaults().points(Chemistry.NMC.ocv(), NOMINAL_AH,
                List.of(before, after, partWay), segments);

        // the first has no charge before it, the last only 5 % back the other way: only the middle one is known
        assertThat(points).extracting(RestRegression.Point::branch).containsExactly(-1);
    }
}
