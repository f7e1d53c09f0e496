package io.voltrace.analytics.passport;

import java.util.List;

/**
 * The Battery Pass "batteryCondition" attributes (DIN DKE SPEC 99100 / Battery Pass data model 1.2, EU 2023/1542
 * Annex VII) for one pack, plus the telemetry window they rest on. Names follow the data model.
 *
 * @param battery                            battery code
 * @param generatedAt                        when this was produced, ISO-8601
 * @param energyThroughput                   lifetime energy throughput, kWh
 * @param capacityThroughput                 lifetime capacity throughput, Ah
 * @param numberOfFullCycles                 lifetime full equivalent cycles
 * @param stateOfCertifiedEnergy             SOCE, percent of certified usable battery energy
 * @param capacityFade                       percent of rated capacity lost
 * @param remainingEnergy                    remaining usable battery energy, kWh
 * @param remainingCapacity                  remaining capacity, Ah
 * @param negativeEvents                     deep discharge, over-voltage, over-temperature, thermal events, faults
 * @param temperatureInformation             time at extreme temperatures
 * @param remainingPowerCapability           power capability, W
 * @param powerFade                          percent of begin-of-life power capability lost
 * @param evolutionOfSelfDischarge           change of the self-discharge rate against the initial one, percent
 * @param currentSelfDischargingRate         current self-discharge, percent per month
 * @param internalResistanceIncrease         (R − R_BOL) / R_BOL, percent, pack level
 * @param remainingRoundTripEnergyEfficiency percent
 * @param roundTripEfficiencyFade            percent
 * @param stateOfCharge                      percent
 * @param observedWindow                     the telemetry these figures rest on
 */
public record BatteryCondition(
        String battery,
        String generatedAt,
        Attribute energyThroughput,
        Attribute capacityThroughput,
        Attribute numberOfFullCycles,
        Attribute stateOfCertifiedEnergy,
        Attribute capacityFade,
        Attribute remainingEnergy,
        Attribute remainingCapacity,
        List<NegativeEvent> negativeEvents,
        TemperatureInformation temperatureInformation,
        Attribute remainingPowerCapability,
        Attribute powerFade,
        Attribute evolutionOfSelfDischarge,
        Attribute currentSelfDischargingRate,
        Attribute internalResistanceIncrease,
        Attribute remainingRoundTripEnergyEfficiency,
        Attribute roundTripEfficiencyFade,
        Attribute stateOfCharge,
        ObservedWindow observedWindow) {

    public BatteryCondition {
        negativeEvents = List.copyOf(negativeEvents);
    }
}
