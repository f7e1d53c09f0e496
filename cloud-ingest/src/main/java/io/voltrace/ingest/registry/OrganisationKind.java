package io.voltrace.ingest.registry;

import java.util.Locale;

/** What an organisation is in a battery's life; decides which API role its tokens may carry. */
public enum OrganisationKind {
    FLEET, MANUFACTURER, VEHICLE_MAKER, REPAIR_SHOP, DISMANTLER, RECYCLER, REUSE_MAKER, AUDITOR;

    /** Lower-case wire name, e.g. {@code vehicle_maker}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static OrganisationKind parse(String value) {
        if (value != null) {
            for (OrganisationKind k : values()) {
                if (k.wireName().equalsIgnoreCase(value.trim())) {
                    return k;
                }
            }
        }
        StringBuilder names = new StringBuilder();
        for (OrganisationKind k : values()) {
            names.append(names.isEmpty() ? "" : ", ").append(k.wireName());
        }
        throw new IllegalArgumentException("organisation kind must be one of " + names + ", was '" + value + "'");
    }
}
