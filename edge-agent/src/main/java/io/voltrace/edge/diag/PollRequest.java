package io.voltrace.edge.diag;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request of a poll list: a service (KWP2000 0x21 read data by local id, UDS 0x22 read data by identifier, or
 * OBD-II 0x01) with its PID, how often per vehicle state, how long to wait, and the values in the response.
 *
 * @param module         the ECU it goes to
 * @param service        request service id
 * @param pid            the PID (local id or data identifier)
 * @param pidBytes       1 or 2
 * @param intervals      seconds between polls per state; absent or 0 = not in that state
 * @param timeoutSeconds how long to wait for the response (P2); a 0x78 "response pending" extends it to P2*
 * @param values         what the response holds
 */
public record PollRequest(PollModule module, int service, int pid, int pidBytes, Map<VehicleState, Double> intervals,
                          double timeoutSeconds, List<PollValue> values) {

    public PollRequest {
        intervals = intervals.isEmpty() ? Map.of() : new EnumMap<>(intervals);
        values = List.copyOf(values);
    }

    /** The request's payload: service id then PID, e.g. {@code 22 01 01}. */
    public byte[] requestPayload() {
        return pidBytes == 2 ? new byte[] {(byte) service, (byte) (pid >> 8), (byte) pid}
                : new byte[] {(byte) service, (byte) pid};
    }

    /** The positive response's service id. */
    public int responseService() {
        return service + 0x40;
    }

    /** Bytes before the data: service id and PID. */
    public int headerBytes() {
        return 1 + pidBytes;
    }

    /** Seconds between polls in this state, or 0 when it is not polled then. */
    public double interval(VehicleState state) {
        Double s = intervals.get(state);
        return s == null ? 0 : s;
    }

    /** Whether a response payload answers this request (service and PID match). */
    public boolean answers(PollModule from, byte[] payload) {
        if (from != module || payload.length < headerBytes() || (payload[0] & 0xFF) != responseService()) {
            return false;
        }
        int p = pidBytes == 2 ? ((payload[1] & 0xFF) << 8) | (payload[2] & 0xFF) : payload[1] & 0xFF;
        return p == pid;
    }

    /** The PID as written in output, e.g. {@code 0x41}, {@code 0x0101}. */
    public String pidText() {
        return String.format(Locale.ROOT, pidBytes == 2 ? "0x%04X" : "0x%02X", pid);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %02X %s", module.name(), service, pidText());
    }
}
