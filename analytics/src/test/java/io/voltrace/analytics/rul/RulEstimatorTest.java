package io.voltrace.analytics.rul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RulEstimatorTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long DAY = 86_400_000L;
    private final RulEstimator estimator = RulEstimator.defaults();

    /** Weekly readings: SOH falls 5 points a year from 100, 300 equivalent cycles a year, noise σ 0.3. */
    private static SohHistory linear(int weeks, long seed, Long bol) {
        Random rnd = new Random(seed);
        List<SohPoint> points = new ArrayList<>();
        for (int w = 0; w < weeks; w++) {
            double years = w * 7 / 365.0;
            points.add(new SohPoint(T0 + w * 7 * DAY, 100 - 5 * years + 0.3 * rnd.nextGaussian(), 300 * years));
        }
        return new SohHistory("P1", bol, points);
    }

    @Test
    void linearFadeProjectsToBothThresholdsInDaysAndCycles() {
        RemainingLife life = estimator.estimate(linear(105, 1, null));

        // After two years SOH is 90: 10 points to 80 at 5 a year is two years; 30 points to 60 is six.
        assertThat(life.lastSohPercent()).isCloseTo(90, within(1.0));
        Remaining to80 = life.days().to(80);
        assertThat(to80.value()).isCloseTo(730, within(40.0));
        assertThat(to80.low()).isLessThan(to80.value());
        assertThat(to80.high()).isGreaterThan(to80.value());
        double truth = (100 - 5 * 728 / 365.0 - 80) / 5 * 365; // the last reading is at day 728
        assertThat(to80.low()).isLessThan(truth);
        assertThat(to80.high()).isGreaterThan(truth);
        assertThat(to80.note()).isNull();
        assertThat(life.days().to(60).value()).isCloseTo(6 * 365, within(80.0));
        assertThat(life.days().to(60).note()).matches("extrapolates 3\\.\\d× the 728-day history");
        assertThat(life.cycles().to(80).value()).isCloseTo(600, within(35.0));
        assertThat(life.cycles().to(60).value()).isCloseTo(1800, within(100.0));
        assertThat(life.days().fit().model()).isEqualTo(FadeModel.LINEAR);
        assertThat(life.days().fit().ratePercentPerUnit() * 365).isCloseTo(-5, within(0.2));
        assertThat(life.intervalPercent()).isEqualTo(90);
    }

    @Test
    void aFewWildReadingsBarelyMoveTheRobustFit() {
        SohHistory clean = linear(105, 2, null);
        List<SohPoint> points = new ArrayList<>(clean.points());
        for (int i : new int[]{20, 50, 90}) {
            SohPoint p = points.get(i);
            points.set(i, new SohPoint(p.ts(), p.sohPercent() - 15, p.equivalentCycles()));
        }

        double withOutliers = estimator.estimate(new SohHistory("P1", null, points)).days().to(80).value();
        double without = estimator.estimate(clean).days().to(80).value();

        assertThat(withOutliers).isCloseTo(without, within(0.08 * without));
    }

    @Test
    void squareRootOfAgeFadeIsRecognisedWhenTheBeginOfLifeIsKnown() {
        // SOH = 100 − 4·√years, readings from year 1 to year 3 every two weeks; the pack entered service at T0.
        Random rnd = new Random(3);
        List<SohPoint> points = new ArrayList<>();
        for (int w = 52; w <= 156; w += 2) {
            double years = w * 7 / 365.0;
            points.add(new SohPoint(T0 + w * 7 * DAY, 100 - 4 * Math.sqrt(years) + 0.15 * rnd.nextGaussian(),
                    250 * years));
        }

        RemainingLife life = estimator.estimate(new SohHistory("P2", T0, points));

        assertThat(life.days().fit().model()).isEqualTo(FadeModel.SQRT);
        // 80 % is reached at √years = 5: 25 years after begin of life.
        double years = 156 * 7 / 365.0;
        assertThat(life.days().to(80).value()).isCloseTo((25 - years) * 365, within(0.15 * (25 - years) * 365));
        assertThat(life.days().to(80).note()).contains("square-root fit (residual σ 0.1").contains("chosen over linear");
    }

    @Test
    void intervalsCoverTheTruthMostOfTheTime() {
        int covered = 0;
        int runs = 100;
        RulEstimator quick = new RulEstimator(5, 90, 20, 0.5, 400, 90, 7, List.of(80.0));
        for (int run = 0; run < runs; run++) {
            Remaining r = quick.estimate(linear(105, 100 + run, null)).days().to(80);
            double truth = (100 - 5 * 104 * 7 / 365.0 - 80) / 5 * 365; // 5 points a year from 100 at week 0
            if (r.low() <= truth && (r.high() == null || truth <= r.high())) {
                covered++;
            }
        }
        System.out.printf(Locale.ROOT, "RUL 90 %% interval covered the true days-to-80 in %d of %d histories%n",
                covered, runs);
        assertThat(covered).isGreaterThanOrEqualTo(80);
    }

    @Test
    void aPackAlreadyBelowTheThresholdHasNoneLeft() {
        List<SohPoint> points = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            points.add(new SohPoint(T0 + m * 30 * DAY, 84 - 0.6 * m, 40 * m));
        }

        RemainingLife life = estimator.estimate(new SohHistory("P3", null, points));

        Remaining to80 = life.days().to(80);
        assertThat(to80.value()).isZero();
        assertThat(to80.note()).startsWith("fitted SOH 77.4 % at the last reading is already below 80 %");
        assertThat(life.days().to(60).value()).isCloseTo((77.4 - 60) / 0.6 * 30, within(5.0));
    }

    @Test
    void tooFewTooShortOrFlatHistoriesGiveAReasonNotANumber() {
        List<SohPoint> three = linear(3, 4, null).points();
        assertThat(estimator.estimate(new SohHistory("P", null, three)).days().insufficientReason())
                .isEqualTo("insufficient history: 3 SOH readings, need 5");

        SohHistory fiveWeeks = linear(6, 4, null);
        assertThat(estimator.estimate(fiveWeeks).days().insufficientReason())
                .isEqualTo("insufficient history: spans 35 days, need 90");
        assertThat(estimator.estimate(fiveWeeks).cycles().insufficientReason())
                .startsWith("insufficient history: SOH flat, fitted change ");
        List<SohPoint> parked = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            parked.add(new SohPoint(T0 + m * 30 * DAY, 90 - 0.5 * m, 2 * m));
        }
        assertThat(estimator.estimate(new SohHistory("P", null, parked)).cycles().insufficientReason())
                .isEqualTo("insufficient history: spans 14 equivalent cycles, need 20");

        Random rnd = new Random(5);
        List<SohPoint> flat = new ArrayList<>();
        for (int w = 0; w < 60; w++) {
            flat.add(new SohPoint(T0 + w * 7 * DAY, 93 + 0.4 * rnd.nextGaussian(), 6 * w));
        }
        LifeProjection days = estimator.estimate(new SohHistory("P", null, flat)).days();
        assertThat(days.sufficient()).isFalse();
        assertThat(days.remaining()).isEmpty();
        assertThat(days.insufficientReason()).matches("insufficient history: SOH flat, fitted change [-+]\\d\\.\\d\\d "
                + "points over 413 days \\(linear fit; 90 % interval of the slope .+ points per day\\), "
                + "nothing to extrapolate");

        RemainingLife empty = estimator.estimate(new SohHistory("P", null, List.of()));
        assertThat(empty.days().insufficientReason()).isEqualTo("insufficient history: no SOH readings");
    }

    @Test
    void theSameHistoryGivesTheSameInterval() {
        SohHistory h = linear(80, 6, null);

        assertThat(estimator.estimate(h)).isEqualTo(estimator.estimate(h));
    }
}
