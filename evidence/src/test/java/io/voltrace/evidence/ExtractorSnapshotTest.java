package io.voltrace.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voltrace.common.chemistry.Chemistry;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A service reducing telemetry as it arrives saves the extractor's state and resumes it after a restart. */
class ExtractorSnapshotTest {
    private static final ExtractorConfig NMC_CELL = ExtractorConfig.of(Chemistry.NMC, 5.0, 1);

    private static TestCell dayOfUse() {
        TestCell cell = new TestCell(Chemistry.NMC, 4.0, 0.02, 10, 90).start().rest(3600);
        for (int k = 0; k < 3; k++) {
            cell.run(-2.0, 1500).rest(1800).run(1.5, 1200).rest(2400);
        }
        return cell;
    }

    @Test
    void resumingFromASnapshotAtAnyPointGivesWhatOneUninterruptedRunGives() {
        List<Point> points = dayOfUse().out;
        List<Evidence> whole = new ArrayList<>();
        EvidenceExtractor one = new EvidenceExtractor(NMC_CELL, whole::add);
        points.forEach(one::accept);
        one.finish();

        // Cut inside a rest, inside a segment, and at the last reading.
        for (int cut : new int[]{100, points.size() / 3, points.size() / 2 + 7, points.size() - 1}) {
            List<Evidence> resumed = new ArrayList<>();
            EvidenceExtractor first = new EvidenceExtractor(NMC_CELL, resumed::add);
            points.subList(0, cut).forEach(first::accept);
            byte[] state = first.snapshot();
            EvidenceExtractor second = EvidenceExtractor.restore(state, resumed::add);
            points.subList(cut, points.size()).forEach(second::accept);
            second.finish();

            assertThat(resumed).as("cut at %d", cut).hasSameSizeAs(whole);
            assertThat(second.throughput()).isEqualTo(one.throughput());
            assertThat(only(resumed, Segment.class)).hasSameSizeAs(only(whole, Segment.class));
            for (int i = 0; i < only(whole, Segment.class).size(); i++) {
                Segment a = only(whole, Segment.class).get(i);
                Segment b = only(resumed, Segment.class).get(i);
                assertThat(withoutCurve(b)).isEqualTo(withoutCurve(a));
            }
            assertThat(only(resumed, Rest.class)).isEqualTo(only(whole, Rest.class));
            assertThat(only(resumed, CurrentStep.class)).isEqualTo(only(whole, CurrentStep.class));
        }
    }

    @Test
    void bytesThatAreNotASnapshotAreRefusedWithTheReason() throws Exception {
        assertThatThrownBy(() -> EvidenceExtractor.restore(new byte[]{1, 2, 3}, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshot unreadable");
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(other)) {
            o.writeObject(new java.util.ArrayList<>(List.of("x")));
        }
        assertThatThrownBy(() -> EvidenceExtractor.restore(other.toByteArray(), e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshot unreadable");
    }

    private static Segment withoutCurve(Segment s) {
        return new Segment(s.direction(), s.startMillis(), s.endMillis(), s.ahCharged(), s.ahDischarged(),
                s.whCharged(), s.whDischarged(), s.startVolts(), s.endVolts(), s.minVolts(), s.maxVolts(),
                s.meanAmps(), s.ampsStdDev(), s.minTempC(), s.maxTempC(), s.maxCellSpreadVolts(), s.readings(),
                s.reversals(), s.interrupted(), s.fromFull(), s.reachedFull(), s.restVoltsBefore(), s.ahToCutoff(),
                null);
    }

    private static <T extends Evidence> List<T> only(List<Evidence> evidence, Class<T> kind) {
        return TestCell.only(evidence, kind);
    }
}
