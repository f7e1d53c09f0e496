package io.voltrace.cli.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a run used at its fullest, measured at single moments: the sum of the pools' separate peaks (what the
 * bench reported before) adds eden's, the survivors' and the old generation's peaks from different times and
 * overstates it. Two figures instead, both over the whole heap at one instant:
 * <ul>
 *   <li>{@link #peakUsedBytes()}: the most ever in use, garbage included. Use grows until a collection, so this is
 *   the largest heap just before a collection (each collection's report), or the largest sample of the heap in use
 *   (every 10 ms, for the time after the last collection);</li>
 *   <li>{@link #peakLiveBytes()}: the most left after a collection: what the work held on to, plus whatever
 *   garbage in the old generation a young collection does not reach.</li>
 * </ul>
 * Both are heap only (not metaspace or thread stacks), and neither exceeds {@code -Xmx}.
 */
final class HeapPeak implements AutoCloseable {
    private static final long SAMPLE_MS = 10;

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;
    private final Thread sampler;
    private volatile boolean running = true;

    private HeapPeak() {
        sampler = new Thread(() -> {
            while (running) {
                raise(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-peak");
        sampler.setDaemon(true);
    }

    /** Starts measuring from now. */
    static HeapPeak start() {
        HeapPeak p = new HeapPeak();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(p.listener, null, null);
                p.emitters.add(e);
            }
        }
        p.sampler.start();
        return p;
    }

    private void collected(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        raise(peakUsed, heapBytes(info.getMemoryUsageBeforeGc()));
        raise(peakLive, heapBytes(info.getMemoryUsageAfterGc()));
    }

    /** The heap pools' use in one collection's report (the non-heap pools are in it too and left out). */
    private static long heapBytes(Map<String, MemoryUsage> byPool) {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = byPool.get(pool.getName());
            if (u != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
                sum += u.getUsed();
            }
        }
        return sum;
    }

    private static void raise(AtomicLong peak, long value) {
        peak.accumulateAndGet(value, Math::max);
    }

    long peakUsedBytes() {
        return peakUsed.get();
    }

    long peakLiveBytes() {
        return peakLive.get();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // not registered: nothing to remove
            }
        }
    }
}
