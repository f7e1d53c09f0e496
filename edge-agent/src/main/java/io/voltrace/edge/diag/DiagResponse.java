package io.voltrace.edge.diag;

import java.util.Map;

/**
 * A decoded positive response.
 *
 * @param timestampMicros time of its last frame (-1 when unknown)
 * @param request         the request it answers
 * @param bytes           length of the reassembled response, service id and PID included
 * @param values          every value of the definition by name: a Double, or a double[] for arrays (NaN where
 *                        invalid or beyond the response)
 * @param bms             the BMS model fields the definition maps
 */
public record DiagResponse(long timestampMicros, PollRequest request, int bytes, Map<String, Object> values,
                           BmsReadings bms) {

    /** Decodes a positive response payload (service id first) with its request's value list. */
    public static DiagResponse decode(long t, PollRequest request, byte[] payload) {
        java.util.LinkedHashMap<String, Object> values = new java.util.LinkedHashMap<>();
        BmsReadings bms = new BmsReadings();
        int start = request.headerBytes();
        for (PollValue v : request.values()) {
            if (v.count() == 1) {
                double x = v.value(payload, start, 0);
                values.put(v.name(), x);
                if (v.bms() != null && !Double.isNaN(x)) {
                    bms.set(v.bms(), v.first() - 1, x);
                }
            } else {
                double[] xs = new double[v.count()];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = v.value(payload, start, i);
                    if (v.bms() != null && !Double.isNaN(xs[i])) {
                        bms.set(v.bms(), v.first() - 1 + i, xs[i]);
                    }
                }
                values.put(v.name(), xs);
            }
        }
        return new DiagResponse(t, request, payload.length, values, bms);
    }
}
