package io.voltrace.cli.soh;

import io.voltrace.analytics.soh.EvidenceLog;
import io.voltrace.cli.Progress;
import io.voltrace.evidence.EvidenceExtractor;
import io.voltrace.evidence.ExtractorConfig;
import io.voltrace.evidence.Point;
import io.voltrace.evidence.Throughput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A file's or a list's readings run through an evidence extractor. */
record FileEvidence(EvidenceLog log, Throughput throughput, CycleCsv.Summary csv) {

    static FileEvidence of(Path file, CycleCsv csv, ExtractorConfig config, Consumer<String> problems)
            throws IOException {
        return of(file, csv, config, problems, Progress.silent());
    }

    /** As above, counting readings on {@code progress}. */
    static FileEvidence of(Path file, CycleCsv csv, ExtractorConfig config, Consumer<String> problems,
                           Progress progress) throws IOException {
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor extractor = new EvidenceExtractor(config, log);
        CycleCsv.Summary summary = csv.read(file, p -> {
            extractor.accept(p);
            progress.advance(1);
        }, problems);
        extractor.finish();
        return new FileEvidence(log, extractor.throughput(), summary);
    }

    static FileEvidence of(List<Point> points, ExtractorConfig config) {
        EvidenceLog log = new EvidenceLog();
        EvidenceExtractor extractor = new EvidenceExtractor(config, log);
        points.forEach(extractor::accept);
        extractor.finish();
        return new FileEvidence(log, extractor.throughput(), null);
    }
}
