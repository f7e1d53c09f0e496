package io.voltrace.ingest.deadletter;

/**
 * Where the intake puts a message it refused. Called on the intake's event loop: implementations must not block.
 */
@FunctionalInterface
public interface DeadLetterSink {
    /** Keeps nothing; for intakes run without a dead-letter store (unit tests of the intake alone). */
    DeadLetterSink NONE = (device, topic, reason, detail, payload) -> { };

    /**
     * @param device  the sender as far as known, or null
     * @param topic   the MQTT topic
     * @param reason  short reason label (the refusal counter's key)
     * @param detail  what exactly was wrong
     * @param payload the raw payload; the sink may keep the array, the caller must not change it after
     */
    void refused(String device, String topic, String reason, String detail, byte[] payload);
}
