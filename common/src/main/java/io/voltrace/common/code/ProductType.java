package io.voltrace.common.code;

/** Position 4 of a GB/T 34014 code: what the coded item is. Packs hold modules, modules hold cells. */
public enum ProductType {
    PACK('P'), MODULE('M'), CELL('C');

    private final char letter;

    ProductType(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    /** @throws IllegalArgumentException for a letter other than P, M, C */
    public static ProductType of(char letter) {
        for (ProductType t : values()) {
            if (t.letter == letter) {
                return t;
            }
        }
        throw new IllegalArgumentException("product type must be P (pack), M (module) or C (cell), was '" + letter + "'");
    }

    /** True when an item of this type may directly contain one of {@code child}: pack → module → cell. */
    public boolean mayContain(ProductType child) {
        return ordinal() + 1 == child.ordinal();
    }
}
