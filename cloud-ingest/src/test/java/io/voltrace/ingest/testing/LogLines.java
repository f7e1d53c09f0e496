package io.voltrace.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The log lines one class writes while a test runs, at every level, to check what untrusted values do to them. */
public final class LogLines implements AutoCloseable {
    /** A value that would forge a second log line, clear a terminal, and make a 60 kB line, were it logged raw. */
    public static final String FORGED = "x\n12:00:00.000 ERROR Ingest database corrupted, run rm -rf\u001b[2J"
            + "y".repeat(60_000);

    private final Logger logger;
    private final Level level;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogLines(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** At least one line matched {@code marker}; every line is one line, without escapes, of bounded length. */
    public void assertSafe(String marker) {
        assertThat(lines()).anySatisfy(l -> assertThat(l).contains(marker));
        assertThat(lines()).allSatisfy(l -> assertThat(l).doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("\u001b").hasSizeLessThan(2_000));
        assertThat(lines()).anySatisfy(l -> assertThat(l).contains("\\n12:00:00.000 ERROR").contains("\\u001b"));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }
}
