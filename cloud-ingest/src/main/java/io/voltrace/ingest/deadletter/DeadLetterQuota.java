package io.voltrace.ingest.deadletter;

/**
 * How much the dead-letter table may hold, per sending device and in all, counted as each letter's stored size (kept
 * payload bytes plus detail and topic characters). Over a quota the oldest letters go first, so the newest evidence
 * of what a device is doing wrong is always there. Settings {@code deadletters.quota.device} and
 * {@code deadletters.quota.total}.
 *
 * @param perDeviceBytes what one device's letters (or those of no known device, together) may hold
 * @param totalBytes     what all letters together may hold
 */
public record DeadLetterQuota(long perDeviceBytes, long totalBytes) {
    /** The smallest quota: room for one letter of the largest stored size, so a new letter never evicts itself. */
    public static final long MIN_BYTES = DeadLetterStore.MAX_LETTER_BYTES;
    /** 10 MiB per device, 200 MiB in all. */
    public static final DeadLetterQuota DEFAULT = new DeadLetterQuota(10L << 20, 200L << 20);

    public DeadLetterQuota {
        if (perDeviceBytes < MIN_BYTES || totalBytes < MIN_BYTES) {
            throw new IllegalArgumentException("dead-letter quotas must be at least " + MIN_BYTES
                    + " bytes (one letter of the largest size), were " + perDeviceBytes + " per device and "
                    + totalBytes + " in total");
        }
        if (perDeviceBytes > totalBytes) {
            throw new IllegalArgumentException("the per-device dead-letter quota (" + perDeviceBytes
                    + " bytes) is larger than the total one (" + totalBytes + " bytes)");
        }
    }

    /**
     * A size setting: bytes, or a number with {@code KiB}, {@code MiB}, {@code GiB} (also {@code KB}, {@code MB},
     * {@code GB}, read as the binary units), e.g. {@code 10MiB}.
     */
    public static long parseSize(String key, String text) {
        String t = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] u : new String[][] {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"},
                {"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n >= 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(key + " '" + text + "' is not a size: write bytes or e.g. 10MiB, 200MiB");
    }
}
