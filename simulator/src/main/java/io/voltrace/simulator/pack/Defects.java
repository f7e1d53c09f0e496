package io.voltrace.simulator.pack;

/**
 * What is wrong with a pack beyond its fade, for cases a screen must catch.
 *
 * @param weakCellCapacity   the capacity of one weak cell as a fraction of its pack-mates' (1 for none): it swings
 *                           further in SOC than the others, so the cell spread at rest opens away from where the pack
 *                           was last balanced
 * @param leakPercentPerDay  self-discharge of one cell through a soft internal short, percent of its capacity a day
 *                           (0 for none)
 */
public record Defects(double weakCellCapacity, double leakPercentPerDay) {
    private static final Defects NONE = new Defects(1, 0);

    public Defects {
        if (!(weakCellCapacity > 0.2 && weakCellCapacity <= 1)) {
            throw new IllegalArgumentException("weakCellCapacity must be in (0.2, 1], was " + weakCellCapacity);
        }
        if (!(leakPercentPerDay >= 0 && leakPercentPerDay < 100)) {
            throw new IllegalArgumentException("leakPercentPerDay must be in [0, 100), was " + leakPercentPerDay);
        }
    }

    public static Defects none() {
        return NONE;
    }

    public Defects withWeakCell(double capacityFraction) {
        return new Defects(capacityFraction, leakPercentPerDay);
    }

    public Defects withLeakingCell(double percentPerDay) {
        return new Defects(weakCellCapacity, percentPerDay);
    }
}
