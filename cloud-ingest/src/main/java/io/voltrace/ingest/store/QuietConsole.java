package io.voltrace.ingest.store;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Keeps embedded QuestDB's console chatter ("Reading log configuration from …", "QuestDB is shutting down..." on both
 * standard output and standard error) out of a CLI's output, where a script reads it. Only those lines are dropped;
 * everything else any thread prints in the meantime passes through unchanged.
 */
final class QuietConsole {
    private static final List<String> CHATTER = List.of("Reading log configuration from",
            "QuestDB is shutting down");

    private QuietConsole() {
    }

    static <T> T run(Callable<T> work) throws Exception {
        synchronized (QuietConsole.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            System.setOut(new Filter(out));
            System.setErr(new Filter(err));
            try {
                return work.call();
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
    }

    static void run(Runnable work) {
        try {
            run(() -> {
                work.run();
                return null;
            });
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean chatter(String text) {
        return text != null && CHATTER.stream().anyMatch(text::startsWith);
    }

    /** Passes everything to the original stream except the chatter lines. */
    private static final class Filter extends PrintStream {
        Filter(PrintStream original) {
            super(original, true);
        }

        @Override
        public void println(String x) {
            if (!chatter(x)) {
                super.println(x);
            }
        }

        @Override
        public PrintStream printf(String format, Object... args) {
            return chatter(format) ? this : super.printf(format, args);
        }

        @Override
        public PrintStream printf(Locale l, String format, Object... args) {
            return chatter(format) ? this : super.printf(l, format, args);
        }
    }
}
