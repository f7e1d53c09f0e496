package io.voltrace.ingest.deadletter;

import java.util.List;

/**
 * One page of dead letters, newest first.
 *
 * @param letters    the page
 * @param nextBefore the {@code before} cursor for the next (older) page, or null when this is the last
 */
public record DeadLetterPage(List<DeadLetter> letters, Long nextBefore) {
    public DeadLetterPage {
        letters = List.copyOf(letters);
    }
}
