package io.voltrace.cli;

import picocli.CommandLine.Option;

/**
 * {@code -q/--quiet}, shared by every command that shows progress of long work ({@code @Mixin ProgressOptions}), so
 * the option reads the same everywhere. Progress goes to standard error only; {@code --quiet} turns it off.
 */
public final class ProgressOptions {
    @Option(names = {"-q", "--quiet"}, description = "no progress on standard error (results and errors still print)")
    boolean quiet;

    /** A progress display, or a silent one under {@code --quiet}. */
    public Progress start(String label, long total, String unit) {
        return quiet ? Progress.silent() : Progress.start(label, total, unit);
    }

    public boolean quiet() {
        return quiet;
    }
}
