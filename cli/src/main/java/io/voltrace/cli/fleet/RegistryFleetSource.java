package io.voltrace.cli.fleet;

import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.Registry;
import java.time.Instant;
import java.util.List;

/**
 * A fleet read from an ingest's registry database: every registered battery and its assessments. The telemetry lives
 * in the time-series store, not here, so there are no charge counters (use the API for cycles).
 */
final class RegistryFleetSource implements StoreFleet.Source {
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    private final Registry registry;
    private final String url;

    RegistryFleetSource(Registry registry, String url) {
        this.registry = registry;
        this.url = url;
    }

    @Override
    public String describe() {
        return url;
    }

    @Override
    public List<StoreFleet.Battery> batteries() {
        return registry.batteries().stream().map(RegistryFleetSource::battery).toList();
    }

    private static StoreFleet.Battery battery(BatteryRecord b) {
        return new StoreFleet.Battery(b.code(), b.chemistry(), b.nominalAh(), b.cellsSeries(), b.model(),
                b.registeredAt());
    }

    @Override
    public List<StoreFleet.Assessment> assessments(String code) {
        return registry.assessments(code, Instant.EPOCH, END_OF_TIME, Integer.MAX_VALUE).stream()
                .map(a -> new StoreFleet.Assessment(a.assessedAt(), a.sohPercent(), a.resistanceGrowthPercent(),
                        a.grade())).toList();
    }

    @Override
    public List<StoreFleet.Counters> counters(String code) {
        return null;
    }
}
