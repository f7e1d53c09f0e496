package io.voltrace.analytics.soh;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestDetectorTest {
    private static final long MINUTE = 60_000;
    private final RestDetector detector = RestDetector.defaults();

    @Test
    void stillPackForHalfAnHourIsOneRest() {
        List<PackSample> samples = new ArrayList<>();
        for (int m = 0; m <= 30; m++) {
            samples.add(sample(m * MINUTE, 0.0, 10, 5));
        }

        List<RestPeriod> rests = detector.find(PackTable.of(samples));

        assertThat(rests).singleElement().satisfies(r -> assertThat(r.minutes()).isEqualTo(30.0));
    }

    @Test
    void sensorNoiseIntegratedByTheCountersIsStillRest() {
        List<PackSample> samples = new ArrayList<>();
        double charged = 10;
        double discharged = 5;
        for (int m = 0; m <= 30; m++) {
            double amps = m % 2 == 0 ? 0.1 : -0.1;
            charged += Math.max(amps, 0) / 60;
            discharged += Math.max(-amps, 0) / 60;
            samples.add(sample(m * MINUTE, amps, charged, discharged));
        }

        assertThat(detector.find(PackTable.of(samples))).hasSize(1);
    }

    @Test
    void aDriveBetweenTwoQuietSamplesBreaksTheRest() {
        List<PackSample> samples = new ArrayList<>();
        for (int m = 0; m <= 30; m++) {
            // Every sample reads 0 A, but between minutes 10 and 11 the counters moved 1 Ah.
            samples.add(sample(m * MINUTE, 0.0, 10, m > 10 ? 6 : 5));
        }

        List<RestPeriod> rests = detector.find(PackTable.of(samples));

        assertThat(rests).isEmpty(); // 10 and 19 minutes: both short
    }

    @Test
    void sparseSamplesWithStillCountersSpanTheGap() {
        List<PackSample> samples = List.of(sample(0, 0.0, 10, 5), sample(45 * MINUTE, 0.0, 10, 5));

        assertThat(detector.find(PackTable.of(samples))).singleElement()
                .satisfies(r -> assertThat(r.minutes()).isEqualTo(45.0));
    }

    @Test
    void currentAboveThresholdIsNoRest() {
        List<PackSample> samples = new ArrayList<>();
        for (int m = 0; m <= 30; m++) {
            samples.add(sample(m * MINUTE, -0.6, 10, 5 + m * 0.01));
        }

        assertThat(detector.find(PackTable.of(samples))).isEmpty();
    }

    @Test
    void counterResetBreaksTheRest() {
        List<PackSample> samples = new ArrayList<>();
        for (int m = 0; m <= 30; m++) {
            samples.add(m < 15 ? sample(m * MINUTE, 0.0, 10, 5) : sample(m * MINUTE, 0.0, 0, 0));
        }

        assertThat(detector.find(PackTable.of(samples))).isEmpty();
    }

    private static PackSample sample(long ts, double amps, double charged, double discharged) {
        return new PackSample(ts, 360, amps, 50, charged, discharged, 3.74, 3.76, 3.75, 24, 25);
    }
}
