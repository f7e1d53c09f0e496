package io.voltrace.evidence;

import static io.voltrace.evidence.TestCell.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceExtractorTest {
    private static final ExtractorConfig NMC_CELL = ExtractorConfig.of(Chemistry.NMC, 5.0, 1);

    @Test
    void fullConstantCurrentDischargeIsOneSegmentWithItsChargeAndCurve() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.02, 10, 100).start().rest(1800);
        cell.dischargeTo(2.0, 3.3).rest(3600);

        List<Evidence> ev = cell.extract(NMC_CELL);

        Segment s = only(ev, Segment.class).get(0);
        assertThat(only(ev, Segment.class)).hasSize(1);
        assertThat(s.direction()).isEqualTo(Direction.DISCHARGE);
        assertThat(s.fromFull()).isTrue();
        assertThat(s.restVoltsBefore()).isCloseTo(Chemistry.NMC.ocv().maxVolts(), within(1e-9));
        // Charge moved = SOC moved × capacity. The trapezoid misses half a step at the start (the ramp from 0 A) and
        // adds it back at the end (the ramp to 0 A), as the readings cannot tell when inside a step current changed.
        double movedAh = 4.0 * (100 - cell.soc) / 100;
        assertThat(s.ah()).isCloseTo(movedAh, within(1e-9));
        assertThat(s.ahDischarged()).isCloseTo(s.ah(), within(1e-12));
        assertThat(s.meanAmps()).isCloseTo(-2.0, within(0.01));
        // Through the reading that first showed the cutoff (2.5 V) or below: this cell stopped at 3.3 V, above it.
        assertThat(s.ahToCutoff()).isNaN();
        assertThat(s.whDischarged()).isBetween(s.ah() * 3.0, s.ah() * 4.2);
        VoltageCurve curve = s.curve();
        assertThat(curve).isNotNull();
        assertThat(curve.direction()).isEqualTo(Direction.DISCHARGE);
        // Each level passed holds the charge out when the voltage got there: monotonic, and exact for this cell.
        double previous = -1;
        for (int i = curve.size() - 1; i >= 0; i--) {
            double ah = curve.ahAtLevel(i);
            if (!Double.isNaN(ah)) {
                assertThat(ah).isGreaterThanOrEqualTo(previous);
                previous = ah;
            }
        }
        double at36 = curve.ahAt(3.6);
        double socAt36 = Chemistry.NMC.ocv().socAt(3.6 + 0.02 * 2.0);
        assertThat(at36).isCloseTo(4.0 * (100 - socAt36) / 100 - 2.0 * 10 / 3600 / 2, within(2.0 * 10 / 3600));

        List<Rest> rests = only(ev, Rest.class);
        assertThat(rests).hasSize(2);
        Rest after = rests.get(1);
        assertThat(after.relaxed()).isTrue();
        assertThat(after.ocvVolts()).isCloseTo(Chemistry.NMC.ocv().voltsAt(cell.soc), within(1e-9));
        assertThat(after.netAh()).isCloseTo(-s.ah(), within(1e-9));
        assertThat(after.voltsPerHour()).isCloseTo(0, within(1e-6));
    }

    @Test
    void capacityToTheCutoffCountsThroughTheFirstReadingAtOrBelowIt() {
        TestCell cell = new TestCell(Chemistry.LCO, 2.0, 0.2, 20, 100).start().rest(60);
        cell.dischargeTo(2.0, 2.65).rest(300);
        ExtractorConfig config = ExtractorConfig.of(Chemistry.LCO, 2.0, 1);

        Segment s = only(cell.extract(config), Segment.class).get(0);

        assertThat(s.minVolts()).isLessThanOrEqualTo(2.7);
        assertThat(s.ahToCutoff()).isGreaterThan(0).isLessThanOrEqualTo(s.ah());
        // The reading before the cutoff showed more than 2.7 V: the cutoff charge is within one step of the end.
        assertThat(s.ah() - s.ahToCutoff()).isLessThan(2.0 * 20 / 3600 * 2);
    }

    @Test
    void sensorOffsetLearnedAtRestIsRemovedFromLaterCharge() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.02, 10, 80);
        cell.sensorOffsetAmps = 0.04; // reads 40 mA high all the time
        cell.start().rest(3600);
        double before = cell.soc;
        cell.run(-2.0, 3600).rest(1800);
        double truth = 4.0 * (before - cell.soc) / 100;

        List<Evidence> ev = new ArrayList<>();
        EvidenceExtractor x = new EvidenceExtractor(NMC_CELL, ev::add);
        cell.out.forEach(x::accept);
        x.finish();

        assertThat(x.currentOffsetAmps()).isCloseTo(0.04, within(1e-9));
        Segment s = only(ev, Segment.class).get(0);
        assertThat(s.ah()).isCloseTo(truth, within(0.002));
        // Without the correction it would be 40 mAh short.
        assertThat(Math.abs(s.ah() - truth)).isLessThan(0.04 / 4);
        List<Rest> rests = only(ev, Rest.class);
        assertThat(rests.get(0).meanAmps()).isCloseTo(0.04, within(1e-9));
        assertThat(rests.get(1).netAh() - rests.get(0).netAh()).isCloseTo(-truth, within(0.003));
    }

    @Test
    void upstreamCountersAreUsedWhenPresentHoweverSparseTheReadings() {
        // Readings a minute apart with counters that integrated a current the readings never show.
        List<Point> points = new ArrayList<>();
        double charged = 10;
        double discharged = 3;
        long t = 0;
        for (int m = 0; m <= 120; m++) {
            boolean driving = m > 30 && m <= 90;
            if (driving && m % 2 == 0) {
                discharged += 0.5; // bursts between readings
            }
            double shown = driving ? -5 : 0;
            points.add(new Point(t, shown, driving ? 3.6 : 3.7, 20, 21, 3.59, 3.61, charged, discharged));
            t += 60_000;
        }
        List<Evidence> ev = new ArrayList<>();
        EvidenceExtractor x = new EvidenceExtractor(NMC_CELL, ev::add);
        points.forEach(x::accept);
        x.finish();

        Segment s = only(ev, Segment.class).get(0);
        assertThat(s.ahDischarged()).isCloseTo(15.0, within(1e-9));
        assertThat(s.maxCellSpreadVolts()).isCloseTo(0.02, within(1e-9));
        assertThat(x.throughput().ahDischarged()).isCloseTo(15.0, within(1e-9));
    }

    @Test
    void regenPulsesStayInsideTheDriveButASustainedReversalStartsANewSegment() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.02, 1, 70).start().rest(600);
        for (int k = 0; k < 10; k++) {
            cell.run(-4, 50).run(2, 5); // 5 s of regen every 55 s
        }
        cell.run(3, 600); // plugged in straight after the drive
        cell.rest(600);

        List<Segment> segments = only(cell.extract(NMC_CELL), Segment.class);

        assertThat(segments).hasSize(2);
        Segment drive = segments.get(0);
        assertThat(drive.direction()).isEqualTo(Direction.DISCHARGE);
        assertThat(drive.reversals()).isEqualTo(10 - 1); // the last regen pulse runs into the charge
        assertThat(drive.curve()).as("no charge–voltage curve through regen").isNull();
        assertThat(drive.ahCharged()).isGreaterThan(0);
        Segment charge = segments.get(1);
        assertThat(charge.direction()).isEqualTo(Direction.CHARGE);
        assertThat(charge.ah()).isCloseTo(3.0 * 605 / 3600, within(0.01));
    }

    @Test
    void aShortPauseDoesNotEndASegmentButARestDoes() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.02, 1, 80).start().rest(600);
        cell.run(-2, 600).rest(30).run(-2, 600).rest(120).run(-2, 300).rest(600);

        List<Evidence> ev = cell.extract(NMC_CELL);

        List<Segment> segments = only(ev, Segment.class);
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).ah()).isCloseTo(2.0 * 1200 / 3600, within(0.002));
        assertThat(only(ev, Rest.class)).extracting(Rest::relaxed).containsExactly(false, false, false);
    }

    @Test
    void currentStepsGiveTheCellsResistance() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.025, 1, 60).start().rest(120);
        cell.run(-4, 30).rest(120).run(2, 30);

        List<CurrentStep> steps = only(cell.extract(NMC_CELL), CurrentStep.class);

        assertThat(steps).hasSizeGreaterThanOrEqualTo(3);
        // Between readings the SOC moved too, so ΔV/ΔI holds a sliver of OCV change besides R.
        assertThat(steps).allSatisfy(s -> assertThat(s.ohms()).isCloseTo(0.025, within(0.0005)));
        assertThat(steps.get(0).fromAmps()).isEqualTo(0.0);
        assertThat(steps.get(0).toAmps()).isEqualTo(-4.0);
        assertThat(steps.get(0).seconds()).isEqualTo(1.0);
        assertThat(steps.get(0).tempC()).isEqualTo(25.0);
    }

    @Test
    void stepsTooFarApartGiveNoResistance() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.025, 60, 60).start().rest(120);
        cell.run(-4, 600);

        assertThat(only(cell.extract(NMC_CELL), CurrentStep.class)).isEmpty();
    }

    @Test
    void negativeEventsAreTimedAndTheWorstValueKept() {
        List<Point> points = new ArrayList<>();
        long t = 0;
        double[][] rows = {
                // current, cell min, cell max, temp min, temp max
                {0, 3.6, 3.62, 20, 22},
                {-5, 2.2, 3.0, 20, 22},  // deep discharge starts
                {-5, 2.1, 3.0, 20, 22},
                {0, 3.0, 3.1, 20, 22},   // ends
                {5, 4.2, 4.30, -5, 0},   // over-voltage, charging in the cold
                {5, 4.2, 4.28, -5, 0},
                {0, 3.9, 3.95, 58, 60},  // extreme heat, not charging
                {0, 3.9, 3.95, 25, 26},
        };
        for (double[] r : rows) {
            points.add(new Point(t, r[0], (r[1] + r[2]) / 2, r[3], r[4], r[1], r[2], Double.NaN, Double.NaN));
            t += 10_000;
        }
        List<Evidence> ev = new ArrayList<>();
        EvidenceExtractor x = new EvidenceExtractor(NMC_CELL, ev::add);
        points.forEach(x::accept);
        x.finish();

        List<NegativeEvent> events = only(ev, NegativeEvent.class);
        assertThat(events).extracting(NegativeEvent::kind).containsExactlyInAnyOrder(
                NegativeEvent.Kind.DEEP_DISCHARGE, NegativeEvent.Kind.OVER_VOLTAGE,
                NegativeEvent.Kind.CHARGING_AT_EXTREME_TEMPERATURE, NegativeEvent.Kind.EXTREME_TEMPERATURE);
        NegativeEvent deep = events.stream().filter(e -> e.kind() == NegativeEvent.Kind.DEEP_DISCHARGE).findFirst()
                .orElseThrow();
        assertThat(deep.extreme()).isEqualTo(2.1);
        assertThat(deep.seconds()).isEqualTo(20.0);
        NegativeEvent over = events.stream().filter(e -> e.kind() == NegativeEvent.Kind.OVER_VOLTAGE).findFirst()
                .orElseThrow();
        assertThat(over.extreme()).isEqualTo(4.30);
        NegativeEvent cold = events.stream()
                .filter(e -> e.kind() == NegativeEvent.Kind.CHARGING_AT_EXTREME_TEMPERATURE).findFirst().orElseThrow();
        assertThat(cold.extreme()).isEqualTo(-5.0);
        NegativeEvent heat = events.stream().filter(e -> e.kind() == NegativeEvent.Kind.EXTREME_TEMPERATURE)
                .findFirst().orElseThrow();
        assertThat(heat.extreme()).isEqualTo(60.0);
        Throughput totals = x.throughput();
        assertThat(totals.deepDischargeSeconds()).isEqualTo(20.0);
        assertThat(totals.overVoltageSeconds()).isEqualTo(20.0);
        assertThat(totals.chargingAtExtremeTempSeconds()).isEqualTo(20.0);
        assertThat(totals.extremeTemperatureSeconds()).isEqualTo(10.0);
        assertThat(totals.negativeEvents()).isEqualTo(4);
    }

    @Test
    void badReadingsAreRefusedAndCountedNotThrown() {
        EvidenceExtractor x = new EvidenceExtractor(NMC_CELL, e -> { });

        assertThat(x.accept(Point.of(1000, 0, 3.7, 20))).isTrue();
        assertThat(x.accept(Point.of(2000, Double.NaN, 3.7, 20))).isFalse();
        assertThat(x.accept(Point.of(3000, 0, Double.POSITIVE_INFINITY, 20))).isFalse();
        assertThat(x.accept(Point.of(1000, 0, 3.7, 20))).as("same time again").isFalse();
        assertThat(x.accept(Point.of(500, 0, 3.7, 20))).as("back in time").isFalse();
        assertThat(x.accept(null)).isFalse();
        assertThat(x.accept(Point.of(4000, 0, 3.7, Double.NaN))).as("temperature is optional").isTrue();

        assertThat(x.throughput().readings()).isEqualTo(2);
        assertThat(x.throughput().rejectedReadings()).isEqualTo(5);
    }

    @Test
    void aGapWithoutCountersBreaksTheSegmentAndTheCountingEpoch() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.02, 10, 90).start().rest(1800).run(-2, 600);
        List<Point> points = new ArrayList<>(cell.out);
        long t = cell.t + 3_600_000; // an hour with no readings, the pack still driving after it
        for (int i = 0; i < 60; i++) {
            points.add(Point.of(t + i * 10_000L, -2, 3.6, 25));
        }
        for (int i = 60; i < 300; i++) {
            points.add(Point.of(t + i * 10_000L, 0, 3.62, 25));
        }
        List<Evidence> ev = new ArrayList<>();
        EvidenceExtractor x = new EvidenceExtractor(NMC_CELL, ev::add);
        points.forEach(x::accept);
        x.finish();

        List<Segment> segments = only(ev, Segment.class);
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).interrupted()).isTrue();
        List<Rest> rests = only(ev, Rest.class);
        assertThat(rests.get(0).epoch()).isZero();
        assertThat(rests.get(rests.size() - 1).epoch()).isEqualTo(1);
        assertThat(x.throughput().uncountedSeconds()).isCloseTo(3600, within(1.0));
    }

    @Test
    void throughputAddsUpChargeEnergyAndEquivalentCycles() {
        TestCell cell = new TestCell(Chemistry.NMC, 5.0, 0.01, 10, 50).start().rest(600);
        cell.run(-2.5, 3600).rest(600).run(2.5, 3600).rest(600);
        ExtractorConfig pack = ExtractorConfig.of(Chemistry.NMC, 5.0, 96);

        EvidenceExtractor x = new EvidenceExtractor(pack, e -> { });
        cell.out.forEach(x::accept);
        x.finish();

        Throughput t = x.throughput();
        assertThat(t.ahDischarged()).isCloseTo(2.5, within(0.01));
        assertThat(t.ahCharged()).isCloseTo(2.5, within(0.01));
        assertThat(t.fullEquivalentCycles()).isCloseTo(0.5, within(0.002));
        // Energy is pack-level: 96 cells at 3.5–3.8 V.
        assertThat(t.whDischarged()).isBetween(2.5 * 96 * 3.4, 2.5 * 96 * 3.8);
        assertThat(t.whCharged()).isGreaterThan(t.whDischarged()); // charge runs above OCV, discharge below
    }

    @Test
    void aChargeThatReachesFullAndTapersMarksTheNextDischargeAsFromFull() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.02, 10, 40).start().rest(600);
        // Constant current to the charge-end voltage, then a taper as a CV charger would.
        while (cell.volts(2) < 4.19) {
            cell.run(2, 10);
        }
        for (double amps = 1.0; amps > 0.1; amps *= 0.8) {
            cell.run(amps, 60);
        }
        cell.rest(600).run(-2, 1200).rest(600);

        List<Segment> segments = only(cell.extract(NMC_CELL), Segment.class);

        assertThat(segments.get(0).reachedFull()).isTrue();
        assertThat(segments.get(1).fromFull()).isTrue();
    }

    @Test
    void memoryDoesNotGrowWithTheStream() {
        // A month at 1 Hz through one extractor: the evidence is what grows, never the extractor's own state.
        EvidenceExtractor x = new EvidenceExtractor(NMC_CELL, e -> { });
        long t = 0;
        double soc = 50;
        for (int i = 0; i < 2_592_000; i++) {
            double amps = (i / 3600) % 3 == 0 ? -3 : ((i / 3600) % 3 == 1 ? 3 : 0);
            soc += amps / 3600 / 5.0 * 100;
            x.accept(Point.of(t, amps, Chemistry.NMC.ocv().voltsAt(soc) + 0.02 * amps, 25));
            t += 1000;
        }
        x.finish();
        assertThat(x.throughput().readings()).isEqualTo(2_592_000);
        assertThat(x.throughput().ahDischarged()).isCloseTo(x.throughput().ahCharged(), within(0.01));
    }
}
