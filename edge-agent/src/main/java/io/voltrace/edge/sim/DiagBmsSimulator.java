package io.voltrace.edge.sim;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.CanFrameSink;
import io.voltrace.edge.diag.BmsReadings;
import io.voltrace.edge.diag.BmsTarget;
import io.voltrace.edge.diag.IsoTpTransmitter;
import io.voltrace.edge.diag.PollDefinition;
import io.voltrace.edge.diag.PollModule;
import io.voltrace.edge.diag.PollRequest;
import io.voltrace.edge.diag.PollValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * An ECU that answers diagnostic requests as a poll definition describes them, with responses built from the
 * BMS readings it is given (the inverse of decoding): for tests and demos where no vehicle is at hand. It segments
 * long responses with ISO-TP and obeys the tester's flow control. It can be told to answer a PID with "response
 * pending" first, to refuse one, or to stay silent.
 */
public final class DiagBmsSimulator {

    private final PollDefinition definition;
    private final CanFrameSink bus;
    private final Map<PollModule, IsoTpTransmitter> transmitters = new HashMap<>();
    private final Map<Integer, Integer> pendingFirst = new HashMap<>();
    private final Map<Integer, Integer> refuse = new HashMap<>();
    private final java.util.Set<Integer> silent = new java.util.HashSet<>();
    private volatile BmsReadings truth = new BmsReadings();
    private long requests;
    private long now;

    public DiagBmsSimulator(PollDefinition definition, CanFrameSink bus) {
        this.definition = definition;
        this.bus = bus;
        for (PollModule m : definition.modules()) {
            transmitters.put(m, new IsoTpTransmitter(m.response(), m.request(), this::send));
        }
    }

    /** The values the next responses state. */
    public void truth(BmsReadings readings) {
        this.truth = readings;
    }

    /** Answer the PID with {@code times} "response pending" (0x78) before each real response. */
    public void pendingFirst(int pid, int times) {
        pendingFirst.put(pid, times);
    }

    /** Refuse the PID with this negative response code. */
    public void refuse(int pid, int code) {
        refuse.put(pid, code);
    }

    /** Do not answer the PID at all. */
    public void silent(int pid) {
        silent.add(pid);
    }

    /** Requests received. */
    public long requests() {
        return requests;
    }

    /** Every frame on the bus, at {@code nowMicros}. */
    public void accept(long nowMicros, CanFrame f) {
        now = nowMicros;
        for (PollModule m : definition.modules()) {
            IsoTpTransmitter tx = transmitters.get(m);
            if (!m.request().matches(f)) {
                continue;
            }
            int p = m.request().pciOffset();
            int pci = f.data()[p] & 0xFF;
            if ((pci & 0xF0) == 0x30) {
                tx.accept(nowMicros, f);
                return;
            }
            if ((pci & 0xF0) != 0 || pci == 0) {
                return; // this simulated ECU takes single-frame requests only
            }
            byte[] req = java.util.Arrays.copyOfRange(f.data(), p + 1, p + 1 + pci);
            answer(nowMicros, m, tx, req);
            return;
        }
    }

    /** Sends consecutive frames that wait for a separation time. */
    public void tick(long nowMicros) {
        now = nowMicros;
        transmitters.values().forEach(t -> t.tick(nowMicros));
    }

    private void answer(long t, PollModule m, IsoTpTransmitter tx, byte[] req) {
        requests++;
        int service = req[0] & 0xFF;
        PollRequest match = null;
        for (PollRequest r : definition.requests(m)) {
            if (r.service() == service && java.util.Arrays.equals(r.requestPayload(), req)) {
                match = r;
            }
        }
        if (match == null) {
            tx.send(t, new byte[] {0x7F, (byte) service, 0x31});
            return;
        }
        if (silent.contains(match.pid())) {
            return;
        }
        Integer code = refuse.get(match.pid());
        if (code != null) {
            tx.send(t, new byte[] {0x7F, (byte) service, code.byteValue()});
            return;
        }
        int pending = pendingFirst.getOrDefault(match.pid(), 0);
        for (int i = 0; i < pending; i++) {
            tx.send(t, new byte[] {0x7F, (byte) service, 0x78});
        }
        tx.send(t, response(match, truth));
    }

    /** The positive response a real ECU would send for {@code r} with these readings. */
    public static byte[] response(PollRequest r, BmsReadings truth) {
        int length = r.headerBytes();
        for (PollValue v : r.values()) {
            length = Math.max(length, r.headerBytes() + v.end());
        }
        byte[] payload = new byte[length];
        byte[] header = r.requestPayload();
        System.arraycopy(header, 0, payload, 0, header.length);
        payload[0] = (byte) r.responseService();
        double[] cells = truth.cellVoltages();
        double[] temps = truth.cellTemperatures();
        for (PollValue v : r.values()) {
            for (int i = 0; i < v.count(); i++) {
                double x = 0;
                if (v.bms() == BmsTarget.CELL_VOLTAGES) {
                    int k = v.first() - 1 + i;
                    x = k < cells.length ? cells[k] : Double.NaN;
                } else if (v.bms() == BmsTarget.CELL_TEMPERATURES) {
                    int k = v.first() - 1 + i;
                    x = k < temps.length ? temps[k] : Double.NaN;
                } else if (v.bms() != null) {
                    x = truth.scalar(v.bms());
                }
                if (Double.isNaN(x)) {
                    x = v.add(); // raw 0
                }
                v.encode(payload, r.headerBytes(), i, x);
            }
        }
        return payload;
    }

    private void send(CanFrame f) {
        try {
            bus.send(new CanFrame(now, f.id(), f.extended(), f.fd(), f.data(), f.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
