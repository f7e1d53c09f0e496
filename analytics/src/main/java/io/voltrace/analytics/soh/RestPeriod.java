package io.voltrace.analytics.soh;

/**
 * A run of table rows during which the pack carried no current, by its current readings and its coulomb counters.
 *
 * @param firstRow first row of the run in the pack table
 * @param lastRow  last row of the run
 * @param startTs  time of the first row, epoch ms: the rest began then at the latest
 * @param endTs    time of the last row, epoch ms
 */
public record RestPeriod(int firstRow, int lastRow, long startTs, long endTs) {

    public double minutes() {
        return (endTs - startTs) / 60_000.0;
    }
}
