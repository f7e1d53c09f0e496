package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Live buses read as one source: every frame arrives tagged with its bus, and a bus whose interface fails is opened
 * again while the other goes on; nothing the buses carried after the reopening is missing.
 */
class MergedBusSourceTest {

    /** A live interface over a queue the test fills; it fails (as an interface taken down) when told to. */
    static final class QueueSource implements CanFrameSource {
        static final CanFrame CUT = new CanFrame(0, 0, false, false, new byte[0], 0);
        final BlockingQueue<CanFrame> wire;
        volatile boolean closed;

        QueueSource(BlockingQueue<CanFrame> wire) {
            this.wire = wire;
        }

        @Override
        public CanFrame next() throws IOException {
            try {
                CanFrame f;
                while ((f = wire.poll(50, TimeUnit.MILLISECONDS)) == null) {
                    if (closed) {
                        return null;
                    }
                }
                if (f == CUT) {
                    throw new IOException("Network is down");
                }
                return f;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static CanFrame frame(int id, int n) {
        return new CanFrame(n, id, false, false, new byte[] {(byte) n}, 1);
    }

    @Test
    void everyFrameArrivesWithItsBusAndAFailedBusIsReopenedWhileTheOtherGoesOn() throws Exception {
        BlockingQueue<CanFrame> p = new LinkedBlockingQueue<>();
        BlockingQueue<CanFrame> c = new LinkedBlockingQueue<>();
        AtomicInteger opensOfC = new AtomicInteger();
        try (MergedBusSource merged = new MergedBusSource(List.of("p", "c"),
                List.of(() -> new QueueSource(p), () -> {
                    opensOfC.incrementAndGet();
                    return new QueueSource(c);
                }), Duration.ofMillis(100), 64)) {
            for (int i = 0; i < 500; i++) {
                p.add(frame(0x595, i));
                if (i == 200) {
                    c.add(QueueSource.CUT); // C-CAN's interface goes down here
                }
                c.add(frame(0x164, i));
            }
            int[] perBus = new int[2];
            for (int i = 0; i < 1000; i++) {
                CanFrame f = merged.next();
                assertThat(f).isNotNull();
                int bus = merged.bus();
                assertThat(f.id()).as("tagged with its own bus").isEqualTo(bus == 0 ? 0x595 : 0x164);
                perBus[bus]++;
            }
            assertThat(perBus).containsExactly(500, 500);
            assertThat(opensOfC.get()).as("opened at start, and again after it failed").isEqualTo(2);
            assertThat(merged.describe()).contains("p: ", "c: ");
        }
    }

    @Test
    void aBusThatCannotBeOpenedFailsTheStartNamingIt() {
        assertThatThrownBy(() -> new MergedBusSource(List.of("p", "c"), List.of(
                () -> new QueueSource(new LinkedBlockingQueue<>()),
                () -> {
                    throw new IOException("no such device can9");
                }), Duration.ofSeconds(1), 16))
                .isInstanceOf(IOException.class).hasMessage("bus c: no such device can9");
    }
}
