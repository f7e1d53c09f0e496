package io.voltrace.cli.fleet;

import io.voltrace.analytics.fleet.FleetInput;
import io.voltrace.analytics.fleet.PackHistory;
import io.voltrace.analytics.fleet.PackProfile;
import io.voltrace.analytics.fleet.ResistancePoint;
import io.voltrace.analytics.grading.Grade;
import io.voltrace.analytics.rul.SohHistory;
import io.voltrace.analytics.rul.SohPoint;
import io.voltrace.common.chemistry.Chemistry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fleet as a running ingest holds it: its registered batteries, the health assessments the service made of each
 * (the SOH and resistance trend, the latest grade) and the BMS's charge counters from the telemetry (equivalent
 * cycles). What {@code fleet report} reads from the API or the database instead of CSV files.
 */
final class StoreFleet {
    /** The registry knows no climate; the report groups these packs under this name. */
    static final String UNKNOWN_CLIMATE = "not recorded";
    static final String UNKNOWN_MODEL = "not recorded";

    /** A registered battery. */
    record Battery(String code, Chemistry chemistry, double nominalAh, int cellsSeries, String model,
                   Instant registeredAt) {
    }

    /** One stored assessment; SOH and growth are null when it gave none. */
    record Assessment(Instant at, Double sohPercent, Double resistanceGrowthPercent, String grade) {
    }

    /** The BMS's cumulative charge counters at a time (a day's last reading), ampere-hours. */
    record Counters(long ts, double ahCharged, double ahDischarged) {
    }

    /** Where the fleet comes from: a running ingest's API, or its database. */
    interface Source {
        /** What the report says it read, e.g. the API's address. */
        String describe();

        List<Battery> batteries();

        /** Every assessment of a battery, oldest first. */
        List<Assessment> assessments(String code);

        /** The battery's daily charge counters, oldest first; null when this source cannot see its telemetry. */
        List<Counters> counters(String code);
    }

    /** Thrown by a source that cannot be read; the message says what to do. */
    static final class SourceException extends RuntimeException {
        private final boolean badInput;

        SourceException(String message, boolean badInput) {
            super(message);
            this.badInput = badInput;
        }

        /** The caller's input (address, token, database URL) is wrong, rather than something failing on the way. */
        boolean badInput() {
            return badInput;
        }
    }

    private StoreFleet() {
    }

    /**
     * Reads the whole fleet. Equivalent cycles at an assessment are the charge moved by the end of the last day with
     * counters that began by then, over twice the nominal capacity; without counters they are 0 and the problems say
     * so (once for all such batteries).
     *
     * @param batteries the source's batteries, as listed before (so the progress knows their number)
     * @param progress  called once per battery read
     */
    static FleetInput read(Source source, List<Battery> batteries, Runnable progress) {
        List<PackHistory> packs = new ArrayList<>();
        Map<String, Grade> grades = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<String> withoutCounters = new ArrayList<>();
        for (Battery b : batteries) {
            List<Assessment> assessments = source.assessments(b.code());
            List<Counters> counters = source.counters(b.code());
            if (counters == null || counters.isEmpty()) {
                withoutCounters.add(b.code());
            }
            List<SohPoint> soh = new ArrayList<>();
            List<ResistancePoint> resistance = new ArrayList<>();
            for (Assessment a : assessments) {
                long ts = a.at().toEpochMilli();
                if (a.sohPercent() != null && a.sohPercent() > 0) {
                    soh.add(new SohPoint(ts, a.sohPercent(), cyclesAt(counters, ts, b.nominalAh())));
                }
                if (a.resistanceGrowthPercent() != null) {
                    resistance.add(new ResistancePoint(ts, a.resistanceGrowthPercent()));
                }
            }
            if (!assessments.isEmpty()) {
                String grade = assessments.get(assessments.size() - 1).grade();
                try {
                    grades.put(b.code(), Grade.valueOf(grade.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.add(b.code() + ": grade '" + grade + "' is none this report knows; listed as not graded");
                }
            }
            PackProfile profile = new PackProfile(b.code(), b.model() == null || b.model().isBlank() ? UNKNOWN_MODEL
                    : b.model(), b.chemistry(), b.nominalAh(), b.cellsSeries(),
                    b.registeredAt().atZone(ZoneOffset.UTC).toLocalDate(), UNKNOWN_CLIMATE);
            // Registration is not the pack's begin of life: cycles and fade are counted from its first reading.
            packs.add(new PackHistory(profile, new SohHistory(b.code(), null, soh), resistance));
            progress.run();
        }
        if (!withoutCounters.isEmpty()) {
            problems.add(withoutCounters.size() + " of " + packs.size() + " batteries without charge counters visible"
                    + " (" + String.join(", ", withoutCounters.subList(0, Math.min(5, withoutCounters.size())))
                    + (withoutCounters.size() > 5 ? ", …" : "") + "): their equivalent cycles read 0 and their"
                    + " remaining life is projected by time only");
        }
        return new FleetInput(packs, grades, problems);
    }

    /** Equivalent full cycles at {@code ts}: the latest counters reading that began by then. */
    static double cyclesAt(List<Counters> counters, long ts, double nominalAh) {
        if (counters == null) {
            return 0;
        }
        Counters at = null;
        for (Counters c : counters) {
            if (c.ts() > ts) {
                break;
            }
            at = c;
        }
        if (at == null) {
            return 0;
        }
        double ah = at.ahCharged() + at.ahDischarged();
        return Double.isFinite(ah) && ah > 0 ? ah / (2 * nominalAh) : 0;
    }
}
