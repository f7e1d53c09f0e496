package io.voltrace.edge.agent;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The standalone agent logs through the JDK's own java.util.logging (slf4j-jdk14 on its class path): its classes
 * are already in the JVM's shared archive, where logback and its XML configuration cost an edge box about 5 MB of
 * resident memory. Lines are key=value, like the rest of voltrace; {@code VOLTRACE_LOG_LEVEL} (ERROR, WARN, INFO,
 * DEBUG) sets voltrace's own level, other libraries log warnings only. A {@code java.util.logging.config.file}
 * system property takes precedence over all of this.
 */
final class JulLogging {
    private JulLogging() {
    }

    static void configure(String levelName) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler(); // stderr, which systemd hands to the journal
        console.setLevel(Level.ALL);
        console.setFormatter(new KeyValueFormatter());
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        Logger.getLogger("io.voltrace").setLevel(julLevel(levelName));
    }

    static Level julLevel(String name) {
        if (name == null) {
            return Level.INFO;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "ERROR" -> Level.SEVERE;
            case "WARN", "WARNING" -> Level.WARNING;
            case "DEBUG" -> Level.FINE;
            case "TRACE" -> Level.FINEST;
            default -> Level.INFO;
        };
    }

    /** {@code 2026-11-25T20:45:01.123Z level=WARN logger=SpoolUplink thread=uplink msg="..."}. */
    static final class KeyValueFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
            StringBuilder line = new StringBuilder(160)
                    .append(r.getInstant())
                    .append(" level=").append(slf4jName(r.getLevel()))
                    .append(" logger=").append(logger.substring(logger.lastIndexOf('.') + 1))
                    .append(" thread=").append(Thread.currentThread().getName())
                    .append(" msg=\"").append(formatMessage(r)).append('"');
            if (r.getThrown() != null) {
                line.append(" error=\"").append(r.getThrown()).append('"');
            }
            return line.append(System.lineSeparator()).toString();
        }

        private static String slf4jName(Level level) {
            int v = level.intValue();
            if (v >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (v >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (v >= Level.INFO.intValue()) {
                return "INFO";
            }
            return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }
}
