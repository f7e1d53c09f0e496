package io.voltrace.evidence;

/**
 * The last readings of the current rest, in a fixed ring: enough to average the relaxed voltage over the rest's final
 * minutes without keeping the rest. At 1 Hz the ring holds the last 8.5 minutes; slower streams hold more time.
 */
final class RestWindow implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    static final int CAPACITY = 512;

    private final long[] t = new long[CAPACITY];
    private final double[] volts = new double[CAPACITY];
    private final double[] netAh = new double[CAPACITY];
    private final double[] tempC = new double[CAPACITY];
    private final double[] spread = new double[CAPACITY];
    private int next;
    private int size;

    void clear() {
        next = 0;
        size = 0;
    }

    void add(long timeMillis, double v, double ah, double temp, double cellSpread) {
        t[next] = timeMillis;
        volts[next] = v;
        netAh[next] = ah;
        tempC[next] = temp;
        spread[next] = cellSpread;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Means and voltage slope over the readings at or after {@code fromMillis}; the last reading if none is. */
    Summary summarize(long fromMillis) {
        int n = 0;
        double sv = 0;
        double sah = 0;
        double st = 0;
        int nt = 0;
        double ss = 0;
        int ns = 0;
        long t0 = t[index(size - 1)];
        double sx = 0;
        double sxx = 0;
        double sxy = 0;
        for (int k = size - 1; k >= 0; k--) {
            int i = index(k);
            if (t[i] < fromMillis && n > 0) {
                break;
            }
            double x = (t[i] - t0) / 3_600_000.0;
            n++;
            sv += volts[i];
            sah += netAh[i];
            sx += x;
            sxx += x * x;
            sxy += x * volts[i];
            if (!Double.isNaN(tempC[i])) {
                st += tempC[i];
                nt++;
            }
            if (!Double.isNaN(spread[i])) {
                ss += spread[i];
                ns++;
            }
        }
        double denominator = n * sxx - sx * sx;
        double slope = n >= 2 && denominator > 0 ? (n * sxy - sx * sv) / denominator : Double.NaN;
        return new Summary(sv / n, sah / n, nt == 0 ? Double.NaN : st / nt, ns == 0 ? Double.NaN : ss / ns, slope);
    }

    /** k-th reading from the oldest still held. */
    private int index(int k) {
        return Math.floorMod(next - size + k, CAPACITY);
    }

    record Summary(double volts, double netAh, double tempC, double spread, double voltsPerHour) {
    }
}
