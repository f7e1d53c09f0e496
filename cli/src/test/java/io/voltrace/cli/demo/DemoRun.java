package io.voltrace.cli.demo;

import io.voltrace.ingest.IngestService;
import io.voltrace.ingest.registry.HealthAssessment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs the demo's fleet through a test's ingest, for tests outside this package. */
public final class DemoRun {
    private DemoRun() {
    }

    /** The demo's whole way for a small fleet; returns each pack's latest assessment. */
    public static List<HealthAssessment> run(IngestService ingest, Path spool, int vehicles, double days, long seed)
            throws Exception {
        DemoCommand demo = new DemoCommand();
        demo.vehicles = vehicles;
        demo.days = days;
        demo.seed = seed;
        demo.threads = 2;
        List<DemoCommand.Row> rows = demo.run(ingest, spool, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        return rows.stream().map(r -> ingest.registry().latestAssessment(r.code()).orElseThrow()).toList();
    }
}
