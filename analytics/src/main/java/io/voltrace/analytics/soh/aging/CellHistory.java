package io.voltrace.analytics.soh.aging;

import io.voltrace.analytics.soh.EvidenceLog;
import io.voltrace.analytics.soh.FullDischargeEstimator;
import io.voltrace.evidence.Direction;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cell's readings run through the evidence extractor, as {@code soh estimate} would run them, with each segment
 * tied to its cycle and each cycle's label judged: a label is the cell's capacity only when the cycle's discharge ran
 * from full charge to the cutoff, and (when the cycle holds a charge) its charge ended in a tapered constant voltage.
 * CALCE's single-cycle dips, whose CV step is missing, are thus left out of calibration and scoring by the data
 * themselves, not by a list.
 *
 * @param cell       the cell
 * @param segments   the segments in time order with their cycles
 * @param full       the full-discharge readings (capacity counted to the cutoff) by cycle
 * @param valid      cycles whose label is the cell's capacity
 */
public record CellHistory(AgingCell cell, List<CycleSegment> segments, Map<Integer, FullDischargeEstimator.Reading> full,
                          Set<Integer> valid) {

    /** A segment and the cycle it ends in. */
    public record CycleSegment(int cycle, Segment segment) {
    }

    public static CellHistory of(AgingCell cell, ExtractorConfig config) {
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor extractor = new EvidenceExtractor(config, log);
        for (int i = 0; i < cell.size(); i++) {
            if (i > 0 && cell.cycles()[i] != cell.cycles()[i - 1]
                    && cell.seconds()[i] - cell.seconds()[i - 1] > config.maxGapSeconds()) {
                // Separate test files joined with a gap (NASA's discharges): each ends as its file did, not as a
                // segment broken by lost data.
                extractor.finish();
                extractor = new EvidenceExtractor(config, log);
            }
            extractor.accept(cell.point(i));
        }
        extractor.finish();
        List<CycleSegment> segments = new ArrayList<>();
        Set<Integer> withCharge = new HashSet<>();
        Set<Integer> chargedFull = new HashSet<>();
        for (Segment s : log.segments()) {
            int cycle = cell.cycleAt(s.endMillis());
            segments.add(new CycleSegment(cycle, s));
            if (s.direction() == Direction.CHARGE && s.ah() > 0.02 * config.nominalAh()) {
                withCharge.add(cycle);
                if (s.reachedFull()) {
                    chargedFull.add(cycle);
                }
            }
        }
        Map<Integer, FullDischargeEstimator.Reading> full = new HashMap<>();
        for (FullDischargeEstimator.Reading r : FullDischargeEstimator.defaults().readings(log.segments(),
                config.cutoffVolts())) {
            full.put(cell.cycleAt(r.segment().endMillis()), r);
        }
        Set<Integer> valid = new HashSet<>();
        for (Integer c : cell.labels().keySet()) {
            if (full.containsKey(c) && (!withCharge.contains(c) || chargedFull.contains(c))) {
                valid.add(c);
            }
        }
        return new CellHistory(cell, segments, full, valid);
    }

    public String name() {
        return cell.name();
    }
}
