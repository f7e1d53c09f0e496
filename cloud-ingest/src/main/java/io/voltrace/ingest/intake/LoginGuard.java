package io.voltrace.ingest.intake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed MQTT logins per source address: each source has a budget of {@code burst} failures that refills at
 * {@code perSecond}; a source that spent it is refused before any secret is checked, until the budget refills. A login
 * being checked holds one unit, given back when it succeeds, so a flood of bogus CONNECTs from one address cannot
 * queue more checks than its budget even before the first of them fails. Good logins never spend it, so a fleet
 * reconnecting at once is not slowed, while one host guessing costs the server almost nothing. Thread-safe; the
 * table is bounded.
 */
public final class LoginGuard {
    /** Sources remembered at most; beyond it, sources whose budget is full again are forgotten first. */
    static final int MAX_SOURCES = 50_000;

    private final double burst;
    private final double perNano;
    private final LongSupplier nanoTime;
    private final Map<String, Budget> sources = new ConcurrentHashMap<>();

    private static final class Budget {
        double tokens;
        long at;

        Budget(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public LoginGuard(int burst, double perSecond) {
        this(burst, perSecond, System::nanoTime);
    }

    LoginGuard(int burst, double perSecond, LongSupplier nanoTime) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("failed-login budget needs burst >= 1 and a positive refill rate");
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.nanoTime = nanoTime;
    }

    /**
     * The default: 256 logins unresolved or failed at once per source address (a depot of vehicles behind one NAT
     * address may reconnect together), then one more failure a second.
     */
    public static LoginGuard defaults() {
        return new LoginGuard(256, 1);
    }

    /**
     * Takes one unit of the source's budget for a login about to be checked; false (and nothing taken) when the budget
     * is spent: refuse without checking. Follow with {@link #succeeded} or nothing (a failure keeps the unit spent).
     */
    public boolean tryBegin(String source) {
        if (sources.size() >= MAX_SOURCES) {
            forgetRefilled();
        }
        Budget b = sources.computeIfAbsent(source, s -> new Budget(burst, nanoTime.getAsLong()));
        synchronized (b) {
            refill(b);
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }

    /** Gives back the unit a successful login held. */
    public void succeeded(String source) {
        Budget b = sources.get(source);
        if (b != null) {
            synchronized (b) {
                b.tokens = Math.min(burst, b.tokens + 1);
            }
        }
    }

    int trackedSources() {
        return sources.size();
    }

    private void refill(Budget b) {
        long now = nanoTime.getAsLong();
        b.tokens = Math.min(burst, b.tokens + (now - b.at) * perNano);
        b.at = now;
    }

    private void forgetRefilled() {
        sources.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue());
                return e.getValue().tokens >= burst;
            }
        });
        if (sources.size() >= MAX_SOURCES) {
            sources.clear(); // a flood from ever new addresses: forgetting is safer than growing
        }
    }
}
