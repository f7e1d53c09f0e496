package io.voltrace.ingest.ledger;

/**
 * Where the latest grading of each battery is announced. The MQTT implementation publishes it retained on
 * {@link GradingRecorder#topic(String)}, so a recycler that subscribes later still gets the newest one.
 */
@FunctionalInterface
public interface GradingPublisher {
    GradingPublisher NONE = (code, payload) -> {
    };

    /** @param payload UTF-8 JSON, see {@link GradingRecorder#payload(LedgerEvent)} */
    void publish(String code, byte[] payload);
}
