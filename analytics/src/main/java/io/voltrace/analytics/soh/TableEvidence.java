package io.voltrace.analytics.soh;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A stored telemetry table read as the edge reads its live stream: the {@link EvidenceExtractor} over the rows in
 * time order gives the rests (relaxed voltage, offset-free counter reading, epoch) and the charges and drives between
 * them, whose directions tell each rest's hysteresis branch. So the table path and the evidence path see the same
 * rests and the same estimator ({@link RestRegression}, then same-branch pairs) gives both their figure.
 */
final class TableEvidence {
    private TableEvidence() {
    }

    /**
     * @param rows          telemetry rows in time order, every reading finite ({@link #usable})
     * @param relaxMinutes  a rest this long counts as relaxed
     * @param windowMinutes relaxed voltage and counter are averaged over the rest's last this-many minutes
     */
    static EvidenceLog extract(Chemistry chemistry, double nominalAh, List<PackSample> rows, double relaxMinutes,
                               double windowMinutes) {
        ExtractorConfig d = ExtractorConfig.of(chemistry, nominalAh, 1);
        // The extractor's own rest threshold (2 % of 1 C): the edge's counters carry the current sensor's offset and
        // noise, and a tighter one breaks rests apart. One series cell: the table's voltages are per cell already,
        // and the pack's energy is not read here.
        ExtractorConfig config = d.withRelaxedRest(Math.max(d.minRestSeconds(), relaxMinutes * 60),
                windowMinutes * 60);
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor extractor = new EvidenceExtractor(config, log);
        for (PackSample s : rows) {
            extractor.accept(Point.of(s));
        }
        extractor.finish();
        return log;
    }

    /** The rest threshold {@link #extract} reads with: the extractor's for this pack. */
    static double restAmps(Chemistry chemistry, double nominalAh) {
        return ExtractorConfig.of(chemistry, nominalAh, 1).restAmps();
    }

    /** The rows every reading of which is finite, in time order. */
    static List<PackSample> usable(List<PackSample> rows) {
        List<PackSample> out = new ArrayList<>(rows.size());
        for (PackSample s : rows) {
            if (PackTable.finite(s)) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(PackSample::ts));
        return out;
    }
}
