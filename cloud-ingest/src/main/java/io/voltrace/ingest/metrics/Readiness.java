package io.voltrace.ingest.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: the service takes traffic only when every dependency answers (time-series store, registry, and
 * whatever else is added). Probes run in parallel on their own threads with a time bound, so a hung database makes
 * the answer "not ready" instead of hanging the check.
 */
public final class Readiness implements AutoCloseable {
    /** A dependency check: returns normally when the dependency answers, throws when it does not. */
    @FunctionalInterface
    public interface Probe {
        void check() throws Exception;
    }

    /** One dependency's state: {@code error} is null when it answered. */
    public record Status(String name, boolean up, long millis, String error) {
    }

    /** All dependencies' states; ready when every one is up. */
    public record Report(boolean ready, List<Status> checks) {
        public Map<String, Object> toJson() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "UP" : "DOWN");
            Map<String, Object> checksJson = new LinkedHashMap<>();
            for (Status s : checks) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("status", s.up() ? "UP" : "DOWN");
                c.put("ms", s.millis());
                if (s.error() != null) {
                    c.put("error", s.error());
                }
                checksJson.put(s.name(), c);
            }
            body.put("checks", checksJson);
            return body;
        }
    }

    private record Named(String name, Probe probe) {
    }

    private final List<Named> probes = new CopyOnWriteArrayList<>();
    private final Duration timeout;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "readiness-probe");
        t.setDaemon(true);
        return t;
    });

    public Readiness(Duration timeout) {
        this.timeout = timeout;
    }

    public Readiness add(String name, Probe probe) {
        probes.add(new Named(name, probe));
        return this;
    }

    /** Runs every probe; blocks at most about the timeout. */
    public Report check() {
        List<Named> snapshot = List.copyOf(probes);
        List<CompletableFuture<Status>> running = snapshot.stream().map(n -> CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try {
                n.probe().check();
                return new Status(n.name(), true, (System.nanoTime() - t0) / 1_000_000, null);
            } catch (Exception e) {
                return new Status(n.name(), false, (System.nanoTime() - t0) / 1_000_000, e.toString());
            }
        }, pool)).toList();
        List<Status> results = new java.util.ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            try {
                results.add(running.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                results.add(new Status(snapshot.get(i).name(), false, timeout.toMillis(),
                        "no answer within " + timeout.toMillis() + " ms"));
            } catch (Exception e) {
                results.add(new Status(snapshot.get(i).name(), false, 0, e.toString()));
            }
        }
        return new Report(results.stream().allMatch(Status::up), results);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
