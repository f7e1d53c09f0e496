package io.voltrace.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleAccountTest {
    @Test
    void everySampleInOneCountAndTheDischargeExactAddsUp() {
        SampleAccount a = new SampleAccount();
        a.add(1_000, 950, 50, 0, 19.98, 19.98);
        a.add(500, 500, 0, 0, 9.98, 9.98);
        assertThat(a.unaccounted(1_500)).isZero();
        assertThat(a.problems(1_500)).isEmpty();
        assertThat(a.implausible()).isEqualTo(50);
    }

    @Test
    void samplesInNoCountAreNamed() {
        SampleAccount a = new SampleAccount();
        a.add(930_250, 930_200, 0, 0, 371.88, 371.90);
        assertThat(a.unaccounted(930_250)).isEqualTo(50);
        assertThat(a.problems(930_250)).containsExactly(
                "930250 samples sent != 930200 reduced + 0 implausible + 0 late: 50 in no count",
                "discharge reduced 371.8800 Ah != sent 371.9000 Ah");
    }

    @Test
    void lateOrDoubleCountedSamplesFail() {
        SampleAccount late = new SampleAccount();
        late.add(100, 90, 0, 10, 1.0, 1.0);
        assertThat(late.problems(100)).containsExactly(
                "10 samples stored behind their battery's watermark (late): the devices send in order");

        SampleAccount twice = new SampleAccount();
        twice.add(100, 100, 5, 0, 1.0, 1.0);
        assertThat(twice.problems(100)).containsExactly(
                "100 samples sent != 100 reduced + 5 implausible + 0 late: 5 counted more than once");
    }
}
