package io.voltrace.ingest.ledger;

import io.voltrace.common.log.LogSafe;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recycler intake triggers a final grading: this ledger listener hands the battery to {@code grade} (which assesses
 * it and records the GRADING event) on {@code executor}, off the thread that recorded the intake.
 */
public final class FinalGrading implements Consumer<LedgerEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(FinalGrading.class);

    private final Consumer<String> grade;
    private final Executor executor;

    public FinalGrading(Consumer<String> grade, Executor executor) {
        this.grade = Objects.requireNonNull(grade, "grade");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public void accept(LedgerEvent event) {
        if (event.type() != EventType.RECYCLER_INTAKE) {
            return;
        }
        executor.execute(() -> {
            try {
                grade.accept(event.battery());
            } catch (RuntimeException e) {
                LOG.warn("final grading of {} after recycler intake failed: {}", LogSafe.text(event.battery()),
                        LogSafe.text(e));
            }
        });
    }
}
