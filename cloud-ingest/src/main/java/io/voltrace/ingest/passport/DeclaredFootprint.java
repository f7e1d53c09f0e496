package io.voltrace.ingest.passport;

import io.voltrace.ingest.carbon.CarbonFootprint;
import io.voltrace.ingest.ledger.EventType;
import io.voltrace.ingest.ledger.LedgerEvent;
import java.util.List;
import java.util.Optional;

/**
 * The carbon footprint in force for a battery and the ledger event that declared it: the newest production or
 * carbon_footprint event carrying one (a later declaration replaces an earlier one, which stays on record).
 *
 * @param footprint what was declared
 * @param event     where: its sequence number and hash cite it
 */
public record DeclaredFootprint(CarbonFootprint footprint, LedgerEvent event) {

    /** In a chain, oldest first. */
    public static Optional<DeclaredFootprint> latest(List<LedgerEvent> events) {
        DeclaredFootprint found = null;
        for (LedgerEvent e : events) {
            if (e.type() == EventType.PRODUCTION || e.type() == EventType.CARBON_FOOTPRINT) {
                Optional<CarbonFootprint> cf = CarbonFootprint.fromDetails(e.details());
                if (cf.isPresent()) {
                    found = new DeclaredFootprint(cf.get(), e);
                }
            }
        }
        return Optional.ofNullable(found);
    }
}
