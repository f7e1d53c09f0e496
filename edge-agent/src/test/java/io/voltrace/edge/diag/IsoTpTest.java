package io.voltrace.edge.diag;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.can.CanFrame;
import io.voltrace.edge.can.InProcessCanBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTpTest {

    private final List<byte[]> messages = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final IsoTpReceiver.Listener listener = new IsoTpReceiver.Listener() {
        @Override
        public void message(long t, IsoTpAddress from, byte[] payload) {
            messages.add(payload);
        }

        @Override
        public void error(long t, IsoTpAddress from, String reason) {
            errors.add(reason);
        }
    };

    private static CanFrame frame(long t, int id, String hex) {
        byte[] d = new byte[hex.length() / 2];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new CanFrame(t, id, id > 0x7FF, false, d, d.length);
    }

    @Test
    void reassemblesAMultiFrameResponseFromAKonaCapture() {
        // A VIN-type answer as captured from a 2021 Kona (221210-1 log, 0x7EC): 20 bytes over three frames.
        IsoTpReceiver r = IsoTpReceiver.listening(IsoTpAddress.of(0x7EC), listener);
        r.accept(frame(0, 0x7EC, "1014490201 4F5345".replace(" ", "")));
        r.accept(frame(10_000, 0x7EC, "21565F5F20424D53"));
        r.accept(frame(20_000, 0x7EC, "2220000000000000"));
        assertThat(errors).isEmpty();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0)).hasSize(0x14);
        assertThat(new String(messages.get(0), 3, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OSEV__ B");
    }

    @Test
    void reportsOutOfOrderAndOrphanFramesAndGoesOn() {
        IsoTpReceiver r = IsoTpReceiver.listening(IsoTpAddress.of(0x7BB), listener);
        r.accept(frame(0, 0x7BB, "21AABBCCDDEEFF00")); // consecutive frame without a first frame
        r.accept(frame(1, 0x7BB, "1010610102030405"));
        r.accept(frame(2, 0x7BB, "2206070809101112")); // sequence 2 where 1 is due
        r.accept(frame(3, 0x7BB, "1010610102030405"));
        r.accept(frame(4, 0x7BB, "2106070809101112"));
        r.accept(frame(5, 0x7BB, "0262410000000000")); // single frame interrupts the message
        r.accept(frame(6, 0x7BB, "1010610102030405"));
        r.accept(frame(2_000_000, 0x7BB, "2106070809101112")); // beyond N_Cr
        r.accept(frame(3_000_000, 0x7BB, "0800000000000000")); // single frame claiming 8 bytes
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).contains("without a first frame");
        assertThat(errors.get(1)).contains("out of sequence: expected 1, got 2");
        assertThat(errors.get(2)).contains("interrupts a message after 13 of 16 bytes");
        assertThat(errors.get(3)).contains("N_Cr");
        assertThat(errors.get(4)).contains("announces 8 bytes");
        assertThat(messages).hasSize(1); // the single frame 62 41
        assertThat(messages.get(0)).containsExactly(0x62, 0x41);
    }

    @Test
    void thirtyTwoBitLengthAndCanFdSingleFrame() {
        IsoTpReceiver r = IsoTpReceiver.listening(IsoTpAddress.of(0x7BB), listener);
        r.accept(frame(0, 0x7BB, "1000000000090102"));
        r.accept(frame(1, 0x7BB, "2103040506070809"));
        byte[] fd = new byte[12];
        fd[0] = 0;
        fd[1] = 10;
        for (int i = 2; i < 12; i++) {
            fd[i] = (byte) i;
        }
        r.accept(new CanFrame(2, 0x7BB, false, true, fd, 12));
        assertThat(errors).isEmpty();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(messages.get(1)).hasSize(10);
    }

    /** Both ends over an in-process bus, with flow control, block sizes and separation times, all addressings. */
    @Test
    void transmitterAndReceiverAgreeOverEveryAddressing() {
        Random random = new Random(15);
        IsoTpAddress[][] pairs = {
            {IsoTpAddress.of(0x7E4), IsoTpAddress.of(0x7EC)},
            {new IsoTpAddress(0x18DADBF1, true, IsoTpAddress.NORMAL), new IsoTpAddress(0x18DAF1DB, true,
                    IsoTpAddress.NORMAL)},
            {new IsoTpAddress(0x6F1, false, 0x12), new IsoTpAddress(0x612, false, 0xF1)},
            {new IsoTpAddress(0x18DB33F1, true, 0x40), new IsoTpAddress(0x18DAF140, true, 0xF1)},
        };
        for (IsoTpAddress[] pair : pairs) {
            for (int blockSize : new int[] {0, 1, 3}) {
                for (int stMin : new int[] {0, 5}) {
                    messages.clear();
                    InProcessCanBus bus = new InProcessCanBus();
                    long[] clock = {0};
                    IsoTpTransmitter[] tx = new IsoTpTransmitter[1];
                    IsoTpReceiver[] rx = new IsoTpReceiver[1];
                    InProcessCanBus.Node ecu = bus.attach("ecu", f -> tx[0].accept(clock[0], f));
                    InProcessCanBus.Node tester = bus.attach("tester", f -> rx[0].accept(f));
                    tx[0] = new IsoTpTransmitter(pair[1], pair[0], ecu::send);
                    rx[0] = new IsoTpReceiver(pair[1], pair[0], tester::send, blockSize, stMin, listener);
                    List<byte[]> sent = new ArrayList<>();
                    for (int n : new int[] {1, 6, 7, 8, 62, 196, 1000}) {
                        byte[] payload = new byte[n];
                        random.nextBytes(payload);
                        sent.add(payload);
                        tx[0].send(clock[0], payload);
                        for (int step = 0; step < 2000 && tx[0].busy(); step++) {
                            clock[0] += 1000;
                            tx[0].tick(clock[0]);
                        }
                        assertThat(tx[0].busy()).as("finished " + n + " bytes via " + pair[1]).isFalse();
                    }
                    assertThat(errors).isEmpty();
                    assertThat(messages).hasSize(sent.size());
                    for (int i = 0; i < sent.size(); i++) {
                        assertThat(messages.get(i)).as(pair[1] + " bs " + blockSize).isEqualTo(sent.get(i));
                    }
                }
            }
        }
    }

    @Test
    void transmitterGivesUpWithoutFlowControlAndOnOverflow() {
        List<CanFrame> out = new ArrayList<>();
        IsoTpTransmitter tx = new IsoTpTransmitter(IsoTpAddress.of(0x7EC), IsoTpAddress.of(0x7E4), out::add);
        tx.send(0, new byte[20]);
        tx.tick(500_000);
        assertThat(tx.busy()).isTrue();
        tx.tick(1_500_000);
        assertThat(tx.busy()).isFalse();
        assertThat(tx.lastFailure()).contains("no flow control");
        tx.send(2_000_000, new byte[20]);
        tx.accept(2_000_100, frame(0, 0x7E4, "3200000000000000"));
        assertThat(tx.busy()).isFalse();
        assertThat(tx.lastFailure()).contains("overflow");
        assertThat(out).hasSize(2); // two first frames, nothing more
    }

    @Test
    void separationTimeCodes() {
        assertThat(IsoTpTransmitter.separationMicros(0)).isZero();
        assertThat(IsoTpTransmitter.separationMicros(20)).isEqualTo(20_000);
        assertThat(IsoTpTransmitter.separationMicros(0xF3)).isEqualTo(300);
        assertThat(IsoTpTransmitter.separationMicros(0x90)).isEqualTo(127_000);
    }
}
