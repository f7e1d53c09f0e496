package io.voltrace.cli.demo;

import io.voltrace.analytics.recovery.PackEnergy;
import io.voltrace.analytics.recovery.RecoveryAssumptions;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.ingest.carbon.CarbonFootprint;
import io.voltrace.ingest.carbon.LifecycleStage;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.Ledger;
import io.voltrace.ingest.ledger.NewEvent;
import io.voltrace.ingest.passport.ExampleDeclaration;
import io.voltrace.ingest.passport.PassportDeclarations;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.OrganisationKind;
import io.voltrace.ingest.registry.Registry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The demo's simulated manufacturer: it records each pack's production in the ledger with its declared carbon
 * footprint, and declares each pack's passport (voltrace's example declaration, scaled to the pack's nameplate), so
 * every demo battery exports a complete passport. Like the packs, these declarations are simulated: each document
 * says "Example declaration".
 */
final class DemoPassports {
    static final String MANUFACTURER = "demo-maker";
    /** The simulated manufacturer's declared footprint, kg CO2e per kWh (demo figures, within published ranges). */
    static final Map<LifecycleStage, Double> FOOTPRINT = Map.of(LifecycleStage.RAW_MATERIAL, 52.0,
            LifecycleStage.MAIN_PRODUCTION, 21.0, LifecycleStage.DISTRIBUTION, 1.5, LifecycleStage.END_OF_LIFE, 2.0);

    private DemoPassports() {
    }

    /**
     * @param inServiceFrom when the simulated use begins: a pack was made before it (the fleet draws a code's month
     *                      and day at random, so a new pack's code may name a later day of this year)
     */
    static void declare(Registry registry, List<Vehicle> fleet, Instant inServiceFrom) {
        if (registry.organisation(MANUFACTURER).isEmpty()) {
            registry.createOrganisation(new Organisation(MANUFACTURER, "voltrace demo manufacturer",
                    OrganisationKind.MANUFACTURER, Instant.now()));
        }
        Ledger ledger = new Ledger(registry, Clock.systemUTC());
        PassportDeclarations declarations = new PassportDeclarations(registry.dataSource());
        double cellVolts = RecoveryAssumptions.defaults().cathodeFor(fleet.get(0).pack().chemistry())
                .nominalCellVolts();
        for (Vehicle v : fleet) {
            Instant coded = BatteryCode.parse(v.batteryCode()).productionDate().date()
                    .map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant()).orElse(inServiceFrom);
            Instant made = coded.isBefore(inServiceFrom) ? coded : inServiceFrom.minusSeconds(86_400);
            CarbonFootprint cf = new CarbonFootprint(FOOTPRINT, "EU 2023/1542 Art. 7 carbon footprint rules"
                    + " (demo declaration)", "DEMO-CFD-" + v.batteryCode(), "C", null);
            ledger.append(new NewEvent(v.batteryCode(), EventType.PRODUCTION, made, MANUFACTURER, cf.toDetails()));
            double kwh = PackEnergy.fromNameplate(v.pack().nominalAh(), v.pack().cellsSeries(), cellVolts).kwh();
            declarations.declare(v.batteryCode(), ExampleDeclaration.forPack(v.pack().nominalAh(), kwh, made),
                    MANUFACTURER, Instant.now());
        }
    }
}
