package io.voltrace.analytics.fleet;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.median;
import static tech.tablesaw.aggregate.AggregateFunctions.min;
import static tech.tablesaw.aggregate.AggregateFunctions.quartile1;
import static tech.tablesaw.aggregate.AggregateFunctions.quartile3;
import static tech.tablesaw.aggregate.AggregateFunctions.sum;

import io.voltrace.analytics.recovery.MetalsKg;
import io.voltrace.analytics.recovery.RecoveryEstimate;
import io.voltrace.analytics.rul.LifeProjection;
import io.voltrace.analytics.rul.Remaining;
import io.voltrace.analytics.rul.RemainingLife;
import io.voltrace.analytics.rul.SohPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Per-pack and fleet tables (Tablesaw) of SOH, remaining life, grades and recoverable metals, with CSV export. */
public final class FleetTables {
    public static final String BATTERY = "battery";
    public static final String MODEL = "model";
    public static final String CHEMISTRY = "chemistry";
    public static final String AGE_BAND = "ageBand";
    public static final String CLIMATE = "climate";
    public static final String SOH = "sohPercent";
    public static final String GRADE = "grade";
    public static final String NOT_GRADED = "not graded";
    private static final double[] AGE_BANDS = {2, 4, 6, 8};

    private FleetTables() {
    }

    /** One row per pack, as of a date (for its age). Missing figures are missing values, not zeros. */
    public static Table packs(List<PackAssessment> packs, LocalDate asOf) {
        StringColumn battery = StringColumn.create(BATTERY);
        StringColumn model = StringColumn.create(MODEL);
        StringColumn chemistry = StringColumn.create(CHEMISTRY);
        DateColumn commissioned = DateColumn.create("commissioned");
        DoubleColumn age = DoubleColumn.create("ageYears");
        StringColumn ageBand = StringColumn.create(AGE_BAND);
        StringColumn climate = StringColumn.create(CLIMATE);
        DoubleColumn soh = DoubleColumn.create(SOH);
        DoubleColumn cycles = DoubleColumn.create("equivalentCycles");
        DoubleColumn resistance = DoubleColumn.create("resistanceIncreasePercent");
        StringColumn grade = StringColumn.create(GRADE);
        DoubleColumn[] rul = {DoubleColumn.create("daysTo80"), DoubleColumn.create("daysTo80Low"),
                DoubleColumn.create("daysTo80High"), DoubleColumn.create("daysTo60"),
                DoubleColumn.create("cyclesTo80"), DoubleColumn.create("cyclesTo60")};
        StringColumn rulNote = StringColumn.create("rulNote");
        DoubleColumn li = DoubleColumn.create("recoverableLiKg");
        DoubleColumn ni = DoubleColumn.create("recoverableNiKg");
        DoubleColumn co = DoubleColumn.create("recoverableCoKg");
        DoubleColumn mn = DoubleColumn.create("recoverableMnKg");
        DoubleColumn lce = DoubleColumn.create("recoverableLceKg");
        for (PackAssessment a : packs) {
            PackProfile p = a.history().profile();
            battery.append(p.battery());
            model.append(p.model());
            chemistry.append(p.chemistry().name());
            commissioned.append(p.commissioned());
            double years = ChronoUnit.DAYS.between(p.commissioned(), asOf) / 365.25;
            age.append(years);
            ageBand.append(ageBand(years));
            climate.append(p.climate());
            List<SohPoint> points = a.history().soh().points();
            appendOrMissing(soh, points.isEmpty() ? null : points.get(points.size() - 1).sohPercent());
            appendOrMissing(cycles, points.isEmpty() ? null : points.get(points.size() - 1).equivalentCycles());
            appendOrMissing(resistance, a.history().latestResistanceIncreasePercent());
            grade.append(a.grade() == null ? NOT_GRADED : a.grade().name());
            RemainingLife life = a.life();
            Remaining d80 = life.days().to(80);
            appendOrMissing(rul[0], d80 == null ? null : d80.value());
            appendOrMissing(rul[1], d80 == null ? null : d80.low());
            appendOrMissing(rul[2], d80 == null ? null : d80.high());
            appendOrMissing(rul[3], value(life.days(), 60));
            appendOrMissing(rul[4], value(life.cycles(), 80));
            appendOrMissing(rul[5], value(life.cycles(), 60));
            rulNote.append(life.days().sufficient() ? "" : life.days().insufficientReason());
            RecoveryEstimate r = a.recovery();
            MetalsKg kg = r == null ? null : r.recoverableKg();
            appendOrMissing(li, kg == null ? null : kg.lithiumKg());
            appendOrMissing(ni, kg == null ? null : kg.nickelKg());
            appendOrMissing(co, kg == null ? null : kg.cobaltKg());
            appendOrMissing(mn, kg == null ? null : kg.manganeseKg());
            appendOrMissing(lce, kg == null ? null : kg.lithiumCarbonateEquivalentKg());
        }
        Table t = Table.create("packs", battery, model, chemistry, commissioned, age, ageBand, climate, soh, cycles,
                resistance, grade);
        t.addColumns(rul);
        t.addColumns(rulNote, li, ni, co, mn, lce);
        return t;
    }

    /**
     * SOH distribution per group: packs, mean, min, quartiles, median, max, and how many are below 80 and 70 %.
     *
     * @param by a category column of {@link #packs}: {@link #MODEL}, {@link #CHEMISTRY}, {@link #AGE_BAND},
     *           {@link #CLIMATE} or {@link #GRADE}
     */
    public static Table sohBy(Table packs, String by) {
        Table withSoh = packs.dropWhere(packs.doubleColumn(SOH).isMissing());
        DoubleColumn s = withSoh.doubleColumn(SOH);
        Table work = withSoh.selectColumns(by, SOH);
        work.addColumns(s.map(v -> v < 80 ? 1.0 : 0.0).setName("below80"),
                s.map(v -> v < 70 ? 1.0 : 0.0).setName("below70"));
        Table stats = work.summarize(SOH, count, mean, min, quartile1, median, quartile3, max).by(by);
        Table below = work.summarize("below80", "below70", sum).by(by);
        Table out = Table.create("soh by " + by, stats.column(0).copy().setName(by),
                IntColumn.create("packs", stats.numberColumn(1).asDoubleColumn().asIntColumn().asIntArray()),
                rounded(stats, 2, "meanSohPercent"), rounded(stats, 3, "minSohPercent"),
                rounded(stats, 4, "q1SohPercent"), rounded(stats, 5, "medianSohPercent"),
                rounded(stats, 6, "q3SohPercent"), rounded(stats, 7, "maxSohPercent"),
                IntColumn.create("below80", below.numberColumn("Sum [below80]").asDoubleColumn().asIntColumn()
                        .asIntArray()),
                IntColumn.create("below70", below.numberColumn("Sum [below70]").asDoubleColumn().asIntColumn()
                        .asIntArray()));
        return out.sortOn(by);
    }

    /** Packs per SOH bin [low, low + width), from {@code from} upward until every pack is counted. */
    public static Table sohHistogram(Table packs, double from, double width) {
        if (!(width > 0)) {
            throw new IllegalArgumentException("bin width must be positive");
        }
        DoubleColumn s = packs.doubleColumn(SOH).removeMissing();
        double top = s.isEmpty() ? from : Math.max(s.max(), from);
        int bins = (int) Math.floor((top - from) / width) + 1;
        int[] counts = new int[bins];
        int below = 0;
        for (double v : s.asDoubleArray()) {
            if (v < from) {
                below++;
            } else {
                counts[Math.min(bins - 1, (int) ((v - from) / width))]++;
            }
        }
        DoubleColumn low = DoubleColumn.create("binLowPercent");
        DoubleColumn high = DoubleColumn.create("binHighPercent");
        IntColumn n = IntColumn.create("packs");
        if (below > 0) {
            low.appendMissing();
            high.append(from);
            n.append(below);
        }
        for (int i = 0; i < bins; i++) {
            low.append(from + i * width);
            high.append(from + (i + 1) * width);
            n.append(counts[i]);
        }
        return Table.create("soh histogram", low, high, n);
    }

    /** Packs per grade. */
    public static Table gradeCounts(Table packs) {
        Table counts = packs.countBy(GRADE);
        return Table.create("grades", counts.column(0).copy().setName(GRADE),
                IntColumn.create("packs", counts.numberColumn(1).asDoubleColumn().asIntColumn().asIntArray()))
                .sortOn(GRADE);
    }

    /** Writes a table as CSV (RFC 4180 quoting, missing values empty). */
    public static void writeCsv(Table table, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            table.write().csv(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String ageBand(double years) {
        for (int i = 0; i < AGE_BANDS.length; i++) {
            if (years < AGE_BANDS[i]) {
                return i == 0 ? "<2 y" : (long) AGE_BANDS[i - 1] + "–" + (long) AGE_BANDS[i] + " y";
            }
        }
        return "≥" + (long) AGE_BANDS[AGE_BANDS.length - 1] + " y";
    }

    private static Double value(LifeProjection p, double threshold) {
        Remaining r = p.to(threshold);
        return r == null ? null : r.value();
    }

    private static void appendOrMissing(DoubleColumn c, Double v) {
        if (v == null || !Double.isFinite(v)) {
            c.appendMissing();
        } else {
            c.append(v);
        }
    }

    private static DoubleColumn rounded(Table stats, int column, String name) {
        Column<?> c = stats.column(column);
        DoubleColumn d = ((DoubleColumn) c).copy();
        return d.map(v -> Math.round(v * 100) / 100.0).setName(name);
    }
}
