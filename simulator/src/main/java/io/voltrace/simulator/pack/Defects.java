package io.voltrace.simulator.pack;

/**
 * What is wrong with a pack beyond its fade, for cases a screen must catch.
 *
 * @param weakCellCapacity the capacity of one weak cell as a fraction of its pack-mates' (1 for none): it swings
 *                         further in SOC than the others, so the cell spread at rest opens away from where the pack
 *                         was last balanced
 */
public record Defects(double weakCellCapacity) {
    private static final Defects NONE = new Defects(1);

    public Defects {
        if (!(weakCellCapacity > 0.2 && weakCellCapacity <= 1)) {
            throw new IllegalArgumentException("weakCellCapacity must be in (0.2, 1], was " + weakCellCapacity);
        }
    }

    public static Defects none() {
        return NONE;
    }

    public Defects withWeakCell(double capacityFraction) {
        return new Defects(capacityFraction);
    }
}
