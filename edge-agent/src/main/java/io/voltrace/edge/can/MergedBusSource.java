package io.voltrace.edge.can;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several live buses read as one source: a thread per bus reads its interface and hands each frame, tagged with its
 * bus, to the agent's one reader, so one pack model sees every bus in arrival order. A bus whose interface fails is
 * opened again after a pause while the others go on; {@link #next()} never fails for one bus.
 */
public final class MergedBusSource implements CanFrameSource, BusTagged, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MergedBusSource.class);

    /** Opens one bus's source (again, after a failure). */
    @FunctionalInterface
    public interface Opener {
        CanFrameSource open() throws IOException;
    }

    private record Tagged(int bus, CanFrame frame) {
    }

    private static final Tagged END = new Tagged(-1, null);

    private final List<String> names;
    private final List<Opener> openers;
    private final Duration retry;
    private final BlockingQueue<Tagged> queue;
    private final CanFrameSource[] current;
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean closed;
    private int bus;

    /**
     * Opens every bus now (so a wrong interface name fails the start, naming the bus), then starts reading.
     *
     * @param names   the buses' names, for messages
     * @param openers one per bus, in bus order
     * @param retry   pause before opening a failed interface again
     * @throws IOException naming the first bus that cannot be opened
     */
    public MergedBusSource(List<String> names, List<Opener> openers, Duration retry, int queueFrames)
            throws IOException {
        this.names = List.copyOf(names);
        this.openers = List.copyOf(openers);
        this.retry = retry;
        this.queue = new ArrayBlockingQueue<>(queueFrames);
        this.current = new CanFrameSource[openers.size()];
        for (int i = 0; i < openers.size(); i++) {
            try {
                current[i] = openers.get(i).open();
            } catch (IOException e) {
                closeOpened();
                throw new IOException("bus " + names.get(i) + ": " + e.getMessage(), e);
            }
        }
        for (int i = 0; i < openers.size(); i++) {
            int b = i;
            Thread t = new Thread(() -> read(b), "can-bus-" + names.get(i));
            t.setDaemon(true);
            readers.add(t);
            t.start();
        }
    }

    private void read(int b) {
        while (!closed) {
            try {
                CanFrame f = current[b].next();
                if (f == null) {
                    // A live interface does not end; a test source may: then this bus is done.
                    LOG.info("bus {} ended", names.get(b));
                    return;
                }
                queue.put(new Tagged(b, f));
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                LOG.error("bus {} failed ({}); opening it again in {} s, the other buses go on", names.get(b),
                        e.getMessage(), retry.toSeconds());
                reopen(b);
            }
        }
    }

    private void reopen(int b) {
        while (!closed) {
            try {
                Thread.sleep(retry.toMillis());
                try {
                    current[b].close();
                } catch (IOException ignored) {
                    // it failed already
                }
                current[b] = openers.get(b).open();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.warn("bus {} still unusable: {}", names.get(b), e.getMessage());
            }
        }
    }

    @Override
    public CanFrame next() throws IOException {
        try {
            while (true) {
                Tagged t = queue.poll(200, TimeUnit.MILLISECONDS);
                if (t == END || closed && t == null) {
                    return null;
                }
                if (t != null) {
                    bus = t.bus();
                    return t.frame();
                }
                if (readers.stream().noneMatch(Thread::isAlive) && queue.isEmpty()) {
                    return null; // every bus ended
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public int bus() {
        return bus;
    }

    /** Where to write on one bus (the poller's requests): its source when it can send, else null. */
    public CanFrameSink sink(int b) {
        return f -> {
            if (!(current[b] instanceof CanFrameSink s)) {
                throw new IOException("bus " + names.get(b) + " cannot send");
            }
            s.send(f);
        };
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < current.length; i++) {
            parts.add(names.get(i) + ": " + current[i].describe());
        }
        return "buses " + String.join(", ", parts);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (Thread t : readers) {
            t.interrupt();
        }
        closeOpened();
        queue.clear();
        queue.offer(END);
    }

    private void closeOpened() {
        for (CanFrameSource s : current) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.debug("closing a bus: {}", e.toString());
                }
            }
        }
    }
}
