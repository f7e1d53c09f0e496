package io.voltrace.edge.diag;

import io.voltrace.edge.can.CanFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reassembles and decodes the diagnostic responses of a poll definition's modules from a stream of frames: a log
 * being decoded or replayed, or a live bus (with flow control, for {@link DiagPoller}). Responses are matched to
 * their request by the service id and PID they repeat, so no request needs to have been seen. Not thread-safe.
 */
public final class DiagDecoder {

    /** What the decoder finds. */
    public interface Listener {
        /** A positive response the definition describes. */
        void response(DiagResponse response);

        /** A negative response (0x7F): the service refused and the reason code. */
        default void negative(long t, PollModule module, int service, int code) {
        }

        /** A complete message the definition does not describe (other services, other PIDs). */
        default void other(long t, PollModule module, byte[] payload) {
        }

        /** A malformed or out-of-order ISO-TP sequence, skipped. */
        void error(long t, PollModule module, String reason);
    }

    private final PollDefinition definition;
    private final Listener listener;
    private final List<IsoTpReceiver> receivers = new ArrayList<>();
    private final List<PollModule> modules = new ArrayList<>();
    private long responses;
    private long negatives;
    private long others;
    private long errors;

    /** A decoder that only listens (a log). */
    public DiagDecoder(PollDefinition definition, Listener listener) {
        this(definition, null, listener);
    }

    /**
     * @param flowControl sends flow control to the module as a tester must (live bus), or null to listen only
     */
    public DiagDecoder(PollDefinition definition, Consumer<CanFrame> flowControl, Listener listener) {
        this.definition = definition;
        this.listener = listener;
        for (PollModule m : definition.modules()) {
            IsoTpReceiver.Listener l = new IsoTpReceiver.Listener() {
                @Override
                public void message(long t, IsoTpAddress from, byte[] payload) {
                    onMessage(t, m, payload);
                }

                @Override
                public void error(long t, IsoTpAddress from, String reason) {
                    errors++;
                    listener.error(t, m, reason);
                }
            };
            receivers.add(flowControl == null ? IsoTpReceiver.listening(m.response(), l)
                    : new IsoTpReceiver(m.response(), m.request(), flowControl, 0, 0, l));
            modules.add(m);
        }
    }

    /** Feeds one frame; frames not from a module are ignored. */
    public void accept(CanFrame f) {
        for (int i = 0; i < receivers.size(); i++) {
            IsoTpReceiver r = receivers.get(i);
            if (r.address().id() == f.id()) {
                r.accept(f);
            }
        }
    }

    /** Whether the frame comes from one of the definition's modules. */
    public boolean fromModule(CanFrame f) {
        for (PollModule m : modules) {
            if (m.response().matches(f)) {
                return true;
            }
        }
        return false;
    }

    /** Drops part-way messages whose next frame is overdue. */
    public void expire(long nowMicros) {
        for (IsoTpReceiver r : receivers) {
            r.expire(nowMicros);
        }
    }

    private void onMessage(long t, PollModule m, byte[] payload) {
        if ((payload[0] & 0xFF) == 0x7F) {
            if (payload.length < 3) {
                errors++;
                listener.error(t, m, "negative response of " + payload.length + " bytes (3 expected)");
                return;
            }
            negatives++;
            listener.negative(t, m, payload[1] & 0xFF, payload[2] & 0xFF);
            return;
        }
        PollRequest r = definition.answered(m, payload);
        if (r == null) {
            others++;
            listener.other(t, m, payload);
            return;
        }
        responses++;
        listener.response(DiagResponse.decode(t, r, payload));
    }

    public PollDefinition definition() {
        return definition;
    }

    public long responses() {
        return responses;
    }

    public long negatives() {
        return negatives;
    }

    public long others() {
        return others;
    }

    public long errors() {
        return errors;
    }
}
