package io.voltrace.analytics.grading;

import java.util.List;

/** Where a retired pack goes next, with the uses that suit it. */
public enum Grade {
    REUSE_A(List.of("stationary energy storage", "low-speed vehicles")),
    REUSE_B(List.of("stationary energy storage", "backup power")),
    REUSE_C(List.of("backup power", "low-speed vehicles")),
    RECOVERY(List.of("material recovery")),
    NEEDS_TEST(List.of("bench capacity test before any reuse"));

    private final List<String> uses;

    Grade(List<String> uses) {
        this.uses = uses;
    }

    public List<String> uses() {
        return uses;
    }

    public boolean reuse() {
        return this == REUSE_A || this == REUSE_B || this == REUSE_C;
    }
}
