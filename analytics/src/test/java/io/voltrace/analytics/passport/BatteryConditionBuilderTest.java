package io.voltrace.analytics.passport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voltrace.analytics.grading.Fault;
import io.voltrace.analytics.grading.GradingPolicy;
import io.voltrace.analytics.grading.PackConditions;
import io.voltrace.analytics.sim.SimulatedPack;
import io.voltrace.analytics.soh.CapacityEstimator;
import io.voltrace.analytics.soh.SohEstimate;
import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.wire.PackSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatteryConditionBuilderTest {
    private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
    private final BatteryConditionBuilder builder =
            new BatteryConditionBuilder(GradingPolicy.defaults(), TemperatureLimits.defaults());

    private static PassportInputs inputs(List<PackSample> samples, Long bol, PackConditions conditions,
                                         Double initialSelfDischarge) {
        SohEstimate soh = CapacityEstimator.defaults().estimate("P1", Chemistry.NMC, 100, samples);
        return new PassportInputs("P1", Chemistry.NMC, 100, bol, samples, soh, conditions, initialSelfDischarge);
    }

    @Test
    void telemetryFromBeginOfLifeGivesLifetimeTotals() {
        List<PackSample> samples = SimulatedPack.of(Chemistry.NMC, 100, 90).peakTemp(65).samples();
        PackSample first = samples.get(0);
        PackSample last = samples.get(samples.size() - 1);

        BatteryCondition c = builder.build(inputs(samples, SimulatedPack.START_MS, PackConditions.none(), 2.0), NOW);

        double throughput = last.ahCharged() + last.ahDischarged() - first.ahCharged() - first.ahDischarged();
        assertThat(c.capacityThroughput().value()).isCloseTo(throughput, within(1e-6));
        assertThat(c.capacityThroughput().unit()).isEqualTo("Ah");
        // Pack of 96 cells at 3.4–4.2 V: energy per Ah lies between those pack voltages.
        assertThat(c.energyThroughput().value() * 1000 / throughput).isBetween(96 * 3.4, 96 * 4.2);
        assertThat(c.numberOfFullCycles().value()).isEqualTo(Math.floor(throughput / 200));
        // The passport carries the telemetry estimate (within 1.5 points of the simulator's truth since #13's fix of
        // the table estimator's hysteresis bias; it was about 5 points under it and bounded at 8).
        double soh = CapacityEstimator.defaults().estimate("P1", Chemistry.NMC, 100, samples).sohPercent();
        assertThat(c.remainingCapacity().value()).isCloseTo(soh, within(0.05));
        assertThat(c.capacityFade().value()).isCloseTo(100 - soh, within(0.05));
        assertThat(soh).isCloseTo(90, within(1.5));
        // A healthy pack: read against the mean cell, relaxation and the current sensor's offset cancel.
        assertThat(c.currentSelfDischargingRate().value()).isBetween(-3.0, 3.0);
        assertThat(c.currentSelfDischargingRate().basis()).contains("against the mean cell");
        assertThat(c.evolutionOfSelfDischarge().value()).isNotNull();
        // 65 °C for ten minutes at noon on day 2: above the 55 °C boundary for about ten minutes.
        assertThat(c.temperatureInformation().timeExtremeHighTemp().value()).isBetween(8.0, 11.0);
        assertThat(c.temperatureInformation().timeExtremeLowTempCharging().value()).isZero();
        assertThat(c.negativeEvents()).singleElement().satisfies(e -> {
            assertThat(e.negativeEvent()).isEqualTo("over-temperature: hottest cell 65.0 °C > 60 °C, 1 episode");
            assertThat(e.lastUpdate()).startsWith("2026-03-02T12:0");
        });
        assertThat(c.observedWindow().coversBeginOfLife()).isTrue();
        assertThat(c.stateOfCharge().value()).isEqualTo(last.soc());
    }

    @Test
    void whatVoltraceCannotMeasureStaysNullWithTheReason() {
        List<PackSample> samples = SimulatedPack.of(Chemistry.NMC, 100, 90).samples();

        BatteryCondition c = builder.build(inputs(samples, SimulatedPack.START_MS, PackConditions.none(), null), NOW);

        for (Attribute a : List.of(c.stateOfCertifiedEnergy(), c.remainingEnergy(), c.remainingPowerCapability(),
                c.powerFade(), c.remainingRoundTripEnergyEfficiency(), c.roundTripEfficiencyFade(),
                c.internalResistanceIncrease(), c.evolutionOfSelfDischarge())) {
            assertThat(a.value()).isNull();
            assertThat(a.unavailableReason()).isNotBlank();
        }
        assertThat(c.stateOfCertifiedEnergy().unavailableReason()).contains("UN GTR 22");
        assertThat(c.evolutionOfSelfDischarge().unavailableReason()).startsWith("initial self-discharge unknown");
    }

    @Test
    void withoutTheBeginOfLifeLifetimeTotalsStayNullAndTheWindowIsReported() {
        List<PackSample> samples = SimulatedPack.of(Chemistry.NMC, 100, 90).samples();

        BatteryCondition c = builder.build(inputs(samples, null, PackConditions.none(), null), NOW);

        assertThat(c.capacityThroughput().value()).isNull();
        assertThat(c.capacityThroughput().unavailableReason())
                .startsWith("a lifetime total, but the begin of life is unknown and telemetry starts 2026-03-01T00:0")
                .endsWith("Ah counted over the window (observedWindow)");
        assertThat(c.temperatureInformation().timeExtremeHighTemp().value()).isNull();
        assertThat(c.observedWindow().capacityThroughputAh()).isPositive();
        assertThat(c.observedWindow().coversBeginOfLife()).isFalse();

        BatteryCondition late = builder.build(inputs(samples, SimulatedPack.START_MS - 400 * 86_400_000L,
                PackConditions.none(), null), NOW);
        assertThat(late.numberOfFullCycles().unavailableReason()).contains("400 days after the begin of life");
    }

    @Test
    void deepDischargeFaultsAndThermalEventsAreNegativeEvents() {
        List<PackSample> samples = new ArrayList<>(SimulatedPack.of(Chemistry.NMC, 100, 90).samples());
        PackSample s = samples.get(1000);
        samples.set(1000, new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), s.ahCharged(),
                s.ahDischarged(), 2.85, s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(), s.tempMax()));
        PackConditions conditions = PackConditions.none().withThermalEvents(2).withFaults(Set.of(Fault.BMS_FAULT))
                .withResistanceIncreasePercent(35);

        BatteryCondition c = builder.build(inputs(samples, SimulatedPack.START_MS, conditions, null), NOW);

        assertThat(c.negativeEvents()).extracting(NegativeEvent::negativeEvent).containsExactly(
                "deep discharge: lowest cell 2.850 V < 3.000 V (NMC empty), 1 episode",
                "2 thermal events on record",
                "fault reported: BMS_FAULT");
        assertThat(c.negativeEvents().get(0).lastUpdate()).isEqualTo(Instant.ofEpochMilli(s.ts()).toString());
        assertThat(c.internalResistanceIncrease().value()).isEqualTo(35);
    }

    @Test
    void jsonKeepsTheBatteryPassNamesAndEveryNullWithItsReason() throws Exception {
        List<PackSample> samples = SimulatedPack.of(Chemistry.NMC, 100, 90).samples();
        BatteryCondition c = builder.build(inputs(samples, SimulatedPack.START_MS, PackConditions.none(), null), NOW);

        JsonNode json = new ObjectMapper().readTree(BatteryConditionBuilder.toJson(c));

        assertThat(json.get("battery").asText()).isEqualTo("P1");
        assertThat(json.get("generatedAt").asText()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(json.get("remainingCapacity").get("value").asDouble())
                .isEqualTo(c.remainingCapacity().value());
        assertThat(json.get("stateOfCertifiedEnergy").has("value")).isTrue();
        assertThat(json.get("stateOfCertifiedEnergy").get("value").isNull()).isTrue();
        assertThat(json.get("stateOfCertifiedEnergy").get("unavailableReason").asText()).contains("GTR 22");
        assertThat(json.get("temperatureInformation").get("timeExtremeHighTemp").get("unit").asText())
                .isEqualTo("min");
        assertThat(json.fieldNames()).toIterable().contains("energyThroughput", "capacityThroughput",
                "numberOfFullCycles", "capacityFade", "remainingPowerCapability", "powerFade",
                "evolutionOfSelfDischarge", "currentSelfDischargingRate", "internalResistanceIncrease",
                "remainingRoundTripEnergyEfficiency", "negativeEvents", "observedWindow");
    }

    @Test
    void noTelemetryNoFigures() {
        PassportInputs in = new PassportInputs("P9", Chemistry.LFP, 200, null, List.of(), null,
                PackConditions.none(), null);

        BatteryCondition c = builder.build(in, NOW);

        assertThat(c.energyThroughput().unavailableReason()).isEqualTo("no telemetry");
        assertThat(c.remainingCapacity().unavailableReason()).isEqualTo("no capacity estimate made");
        assertThat(c.observedWindow()).isNull();
        assertThat(c.negativeEvents()).isEmpty();
    }
}
