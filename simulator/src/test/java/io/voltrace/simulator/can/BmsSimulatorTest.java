package io.voltrace.simulator.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import io.voltrace.edge.bms.PackSampler;
import io.voltrace.edge.bms.ReferenceDbc;
import io.voltrace.edge.bms.SignalMapping;
import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.simulator.pack.PackSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BmsSimulatorTest {
    static final DbcDatabase DBC = ReferenceDbc.load();

    static List<PackSample> run(PackSpec spec, double days, List<CanFrame> framesOut) throws Exception {
        List<PackSample> samples = new ArrayList<>();
        PackSampler sampler = new PackSampler(DBC, SignalMapping.voltraceReference(), 60, samples::add);
        try (BmsSimulator bms = new BmsSimulator(DBC, spec, 1_700_000_000_000L, days)) {
            CanFrame f;
            while ((f = bms.next()) != null) {
                sampler.accept(f);
                if (framesOut != null && framesOut.size() < 200_000) {
                    framesOut.add(f);
                }
            }
        }
        return samples;
    }

    @Test
    void framesComeInTimeOrderAndDecodeToPlausibleValues() throws Exception {
        List<CanFrame> frames = new ArrayList<>();
        List<PackSample> samples = run(new PackSpec(Chemistry.NMC, 96, 60, 90, 20, 1), 3, frames);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).timestampMicros()).isGreaterThanOrEqualTo(frames.get(i - 1).timestampMicros());
        }
        assertThat(samples).hasSizeGreaterThan(3 * 1440 - 20);
        for (PackSample s : samples) {
            assertThat(s.cellVoltageMin()).isBetween(2.9, 4.3);
            assertThat(s.cellVoltageMax()).isGreaterThanOrEqualTo(s.cellVoltageMin());
            assertThat(s.packVoltage()).isBetween(96 * 2.9, 96 * 4.3);
            assertThat(s.tempMin()).isBetween(-10.0, 60.0);
            assertThat(s.soc()).isBetween(0.0, 100.0);
        }
        assertThat(samples.stream().anyMatch(s -> s.packCurrent() > 5)).as("it charges").isTrue();
        assertThat(samples.stream().anyMatch(s -> s.packCurrent() < -5)).as("it drives").isTrue();
    }

    @Test
    void edgeCoulombCountersMatchWhatTheSensorReadAndTheTruthWithinTheSensorsError() throws Exception {
        PackSpec spec = new PackSpec(Chemistry.NMC, 96, 60, 80, 20, 3);
        List<PackSample> samples = new ArrayList<>();
        PackSampler sampler = new PackSampler(DBC, SignalMapping.voltraceReference(), 60, samples::add);
        double trueNet;
        double measuredNet;
        double gain;
        double offset;
        double seconds;
        try (BmsSimulator bms = new BmsSimulator(DBC, spec, 1_700_000_000_000L, 4)) {
            CanFrame f;
            while ((f = bms.next()) != null) {
                sampler.accept(f);
            }
            trueNet = bms.trueNetAh();
            measuredNet = bms.measuredNetAh();
            gain = bms.bms().currentGain();
            offset = bms.bms().currentOffsetAmps();
            seconds = bms.elapsedSeconds();
        }
        PackSample last = samples.get(samples.size() - 1);
        double throughput = last.ahCharged() + last.ahDischarged();
        assertThat(throughput).as("four days of use move a lot of charge").isGreaterThan(100);
        // The edge counts what the sensor read: only the DBC's 0.05 A quantisation and the minute after the last
        // sample separate them.
        double counted = last.ahCharged() - last.ahDischarged();
        assertThat(counted).isCloseTo(measuredNet, within(0.002 * throughput + 3.5));
        // The sensor itself is off by its gain and offset, and by nothing else systematic.
        double expected = gain * trueNet + offset * seconds / 3600;
        assertThat(measuredNet).isCloseTo(expected, within(0.001 * throughput + 0.5));
        assertThat(gain).isNotEqualTo(1.0);
    }

    @Test
    void trueSohIsTheStatedOne() {
        PackSpec spec = new PackSpec(Chemistry.NMC, 96, 60, 72.5, 15, 9);
        try (BmsSimulator bms = new BmsSimulator(DBC, spec, 0, 1)) {
            assertThat(bms.trueSohPercent()).isCloseTo(72.5, within(1e-9));
        }
    }

    @Test
    void noFrameLiesPastTheEndOfTheSimulatedDays() throws Exception {
        long start = 1_700_000_000_000L;
        for (double days : new double[] {0.5, 1.013, 2}) {
            long last = 0;
            try (BmsSimulator bms = new BmsSimulator(DBC, new PackSpec(Chemistry.NMC, 96, 60, 90, 20, 3), start,
                    days)) {
                CanFrame f;
                while ((f = bms.next()) != null) {
                    last = f.timestampMicros();
                }
            }
            long endMicros = (start + Math.round(days * 86_400_000)) * 1000;
            assertThat(last).as("last frame of %s days", days).isLessThanOrEqualTo(endMicros)
                    .isGreaterThan(endMicros - 61_000_000L);
        }
    }
}
