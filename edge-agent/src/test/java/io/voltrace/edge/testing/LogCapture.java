package io.voltrace.edge.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what voltrace logs while a test runs, so the test can check that the agent said what it should. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        logger = (Logger) LoggerFactory.getLogger("io.voltrace");
        appender.start();
        logger.addAppender(appender);
    }

    /** Formatted messages, with their level in front: {@code "WARN refused by ..."}. */
    public List<String> lines() {
        return List.copyOf(appender.list).stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    public boolean contains(String text) {
        return lines().stream().anyMatch(l -> l.contains(text));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
