package io.voltrace.ingest.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.ingest.testing.TestRegistries;
import org.junit.jupiter.api.Test;

/**
 * Prints append and verify throughput on the embedded H2 (nothing is asserted about time):
 * {@code ./mvnw -q -B -o -pl cloud-ingest -am test -Dtest=LedgerBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LedgerBenchmark {
    @Test
    void appendAndVerify() throws Exception {
        int batteries = Integer.getInteger("ledger.bench.batteries", 300);
        try (TestRegistries db = TestRegistries.open(TestRegistries.Backend.H2)) {
            LedgerFixture f = new LedgerFixture(db.registry());
            long t0 = System.nanoTime();
            for (int i = 0; i < batteries; i++) {
                f.fullLife(String.format("VTRPE96DEMO001T5C%07d", i));
            }
            long t1 = System.nanoTime();
            VerifyReport report = f.ledger.verifyAll();
            long t2 = System.nanoTime();
            assertThat(report.intact()).isTrue();
            long events = report.events();
            System.out.printf("LedgerBenchmark: %d batteries, %d events; append %.0f events/s (%.2f ms each, state"
                            + " machine + chain check included); verifyAll %.0f events/s (%.0f ms)%n", batteries, events,
                    events / ((t1 - t0) / 1e9), (t1 - t0) / 1e6 / events, events / ((t2 - t1) / 1e9),
                    (t2 - t1) / 1e6);
        }
    }
}
