package io.voltrace.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's operations run on a fleet of any size, not only the default one (`-p packs=N`). */
class GradingBenchmarkTest {

    @Test
    void remainingLifeCyclesThroughAFleetSmallerThanAThousandPacks() {
        GradingBenchmark bench = new GradingBenchmark();
        bench.packs = 3;
        bench.setUp();
        // More calls than packs: each pack's turn comes round again.
        for (int i = 0; i < 2 * bench.packs + 1; i++) {
            assertThat(bench.remainingLife()).isNotNull();
        }
    }
}
