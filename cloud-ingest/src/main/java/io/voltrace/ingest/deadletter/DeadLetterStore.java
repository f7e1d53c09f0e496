package io.voltrace.ingest.deadletter;

import io.voltrace.ingest.registry.RegistryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code dead_letter} table in the registry database (migration V3): refused messages with their reason and
 * raw payload, paged newest first by id. Blocking JDBC: keep calls off event loops. Thread-safe.
 *
 * <p>Bounded by a {@link DeadLetterQuota} (V16): every {@link #addAll} ends, in its own transaction, by removing the
 * oldest letters of each device over its quota, then the oldest of all over the total, and counts what it removed
 * in {@code dead_letter_eviction}. The quota is checked in the database, so replicas sharing a registry keep it too.
 */
public final class DeadLetterStore {
    /** Payload bytes kept per letter; a larger payload is cut (its full size is kept) so a flood cannot fill the disk. */
    public static final int MAX_STORED_PAYLOAD = 256 * 1024;
    private static final int MAX_DETAIL = 2000;
    private static final int MAX_TOPIC = 512;
    /** The largest stored size one letter can have. */
    public static final int MAX_LETTER_BYTES = MAX_STORED_PAYLOAD + MAX_DETAIL + MAX_TOPIC;
    private static final String COLUMNS = "id, received_at, device, topic, reason, detail, payload, payload_size";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeadLetterStore.class);

    private final DataSource dataSource;
    private final DeadLetterQuota quota;
    private final java.util.concurrent.atomic.AtomicLong evicted = new java.util.concurrent.atomic.AtomicLong();

    /** A store with the {@link DeadLetterQuota#DEFAULT default quota}. */
    public DeadLetterStore(DataSource dataSource) {
        this(dataSource, DeadLetterQuota.DEFAULT);
    }

    public DeadLetterStore(DataSource dataSource, DeadLetterQuota quota) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.quota = Objects.requireNonNull(quota, "quota");
    }

    public DeadLetterQuota quota() {
        return quota;
    }

    /** Letters this instance removed to keep the quota since it was made (for the metric). */
    public long evicted() {
        return evicted.get();
    }

    /** Stores one letter (its id is ignored) and returns it with the id it got. */
    public DeadLetter add(DeadLetter letter) {
        return addAll(List.of(letter)).get(0);
    }

    /** Stores letters in one transaction, in order; returns them with their ids. */
    public List<DeadLetter> addAll(List<DeadLetter> letters) {
        String sql = "INSERT INTO dead_letter (received_at, device, topic, reason, detail, payload, payload_size,"
                + " stored_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
                List<DeadLetter> stored = new ArrayList<>(letters.size());
                for (DeadLetter l : letters) {
                    byte[] kept = l.payload().length > MAX_STORED_PAYLOAD
                            ? Arrays.copyOf(l.payload(), MAX_STORED_PAYLOAD) : l.payload();
                    s.setObject(1, l.receivedAt().atOffset(ZoneOffset.UTC));
                    s.setString(2, cut(l.device(), 64));
                    s.setString(3, cut(l.topic(), MAX_TOPIC));
                    s.setString(4, cut(l.reason(), 64));
                    s.setString(5, cut(l.detail(), MAX_DETAIL));
                    s.setBytes(6, kept);
                    s.setInt(7, Math.max(l.payloadSize(), l.payload().length));
                    s.setInt(8, storedBytes(kept, cut(l.detail(), MAX_DETAIL), cut(l.topic(), MAX_TOPIC)));
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next(); // H2 returns the identity column, PostgreSQL the row: id comes first in both
                        stored.add(new DeadLetter(keys.getLong(1), l.receivedAt(), cut(l.device(), 64),
                                cut(l.topic(), MAX_TOPIC), cut(l.reason(), 64), cut(l.detail(), MAX_DETAIL), kept,
                                Math.max(l.payloadSize(), l.payload().length)));
                    }
                }
                c.commit();
                keepQuota(c, stored);
                return stored;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot store " + letters.size() + " dead letters: " + e.getMessage(), e);
        }
    }

    private static int storedBytes(byte[] payload, String detail, String topic) {
        return payload.length + detail.length() + topic.length();
    }

    /**
     * Removes the oldest letters of each device just written to that is over its quota, then the oldest of all when
     * the table is over the total, in one transaction; committed apart from the inserts so a failure here never loses
     * a letter (the next write retries it).
     */
    private void keepQuota(Connection c, List<DeadLetter> written) {
        java.util.Set<String> devices = new java.util.LinkedHashSet<>();
        for (DeadLetter l : written) {
            devices.add(l.device() == null ? "" : l.device());
        }
        try {
            for (String device : devices) {
                evictOldest(c, device, quota.perDeviceBytes());
            }
            evictOldest(c, null, quota.totalBytes());
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone: nothing was removed
            }
            LOG.warn("dead letters stored, but keeping the quota failed (the next write tries again): {}",
                    io.voltrace.common.log.LogSafe.text(e.getMessage()));
        }
    }

    /** Over {@code limit}, deletes the oldest letters of {@code device} ('' = unknown; null = all) until within it. */
    private void evictOldest(Connection c, String device, long limit) throws SQLException {
        String where = device == null ? "" : device.isEmpty() ? " WHERE device IS NULL" : " WHERE device = ?";
        long total;
        try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(stored_bytes), 0) FROM dead_letter"
                + where)) {
            bindDevice(s, device);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        if (total <= limit) {
            return;
        }
        // Oldest first until the excess is covered: reads only the letters that go.
        long excess = total - limit;
        long lastId = -1;
        long count = 0;
        long bytes = 0;
        Map<String, long[]> perDevice = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, stored_bytes, device FROM dead_letter" + where
                + " ORDER BY id")) {
            bindDevice(s, device);
            s.setFetchSize(256);
            try (ResultSet rs = s.executeQuery()) {
                while (bytes < excess && rs.next()) {
                    lastId = rs.getLong(1);
                    long b = rs.getLong(2);
                    String d = rs.getString(3);
                    bytes += b;
                    count++;
                    long[] sum = perDevice.computeIfAbsent(d == null ? "" : d, k -> new long[2]);
                    sum[0]++;
                    sum[1] += b;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dead_letter" + where
                + (where.isEmpty() ? " WHERE" : " AND") + " id <= ?")) {
            int i = bindDevice(s, device);
            s.setLong(i, lastId);
            s.executeUpdate();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Map.Entry<String, long[]> e : perDevice.entrySet()) {
            countEviction(c, e.getKey(), e.getValue()[0], e.getValue()[1], now);
        }
        evicted.addAndGet(count);
    }

    private static int bindDevice(PreparedStatement s, String device) throws SQLException {
        if (device != null && !device.isEmpty()) {
            s.setString(1, device);
            return 2;
        }
        return 1;
    }

    private static void countEviction(Connection c, String device, long letters, long bytes, OffsetDateTime at)
            throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE dead_letter_eviction SET letters = letters + ?,"
                + " bytes = bytes + ?, last_evicted_at = ? WHERE device = ?")) {
            u.setLong(1, letters);
            u.setLong(2, bytes);
            u.setObject(3, at);
            u.setString(4, device);
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO dead_letter_eviction (device, letters, bytes,"
                + " last_evicted_at) VALUES (?, ?, ?, ?)")) {
            i.setString(1, device);
            i.setLong(2, letters);
            i.setLong(3, bytes);
            i.setObject(4, at);
            i.executeUpdate();
        }
    }

    /** Letters removed to keep the quotas: of one device ('' for those of no known sender), or of all with null. */
    public DeadLetterEvictions evictions(String device) {
        String sql = "SELECT COALESCE(SUM(letters), 0), COALESCE(SUM(bytes), 0), MAX(last_evicted_at)"
                + " FROM dead_letter_eviction" + (device == null ? "" : " WHERE device = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (device != null) {
                s.setString(1, device);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                OffsetDateTime last = rs.getObject(3, OffsetDateTime.class);
                return new DeadLetterEvictions(rs.getLong(1), rs.getLong(2), last == null ? null : last.toInstant());
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot read dead-letter evictions: " + e.getMessage(), e);
        }
    }

    /** The stored size of one device's letters ('' for those of no known sender), or of all with null. */
    public long storedBytes(String device) {
        String where = device == null ? "" : device.isEmpty() ? " WHERE device IS NULL" : " WHERE device = ?";
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(stored_bytes), 0) FROM dead_letter"
                     + where)) {
            bindDevice(s, device);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot sum dead letters: " + e.getMessage(), e);
        }
    }

    public Optional<DeadLetter> get(long id) {
        List<DeadLetter> one = select("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?", s -> s.setLong(1, id));
        return one.stream().findFirst();
    }

    /**
     * Letters with id below {@code before} (null: from the newest), newest first, at most {@code limit}, optionally
     * only those of one device and/or one reason.
     */
    public DeadLetterPage page(Long before, int limit, String device, String reason) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM dead_letter WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        if (device != null) {
            sql.append(" AND device = ?");
            args.add(device);
        }
        if (reason != null) {
            sql.append(" AND reason = ?");
            args.add(reason);
        }
        // One more than asked tells whether an older page exists.
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        List<DeadLetter> rows = select(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        });
        if (rows.size() <= limit) {
            return new DeadLetterPage(rows, null);
        }
        List<DeadLetter> page = rows.subList(0, limit);
        return new DeadLetterPage(page, page.get(limit - 1).id());
    }

    public long count() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM dead_letter")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new RegistryException("cannot count dead letters: " + e.getMessage(), e);
        }
    }

    /** Deletes letters received before {@code cutoff}; returns how many. For a retention job. */
    public int deleteReceivedBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM dead_letter WHERE received_at < ?")) {
            s.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new RegistryException("cannot delete old dead letters: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<DeadLetter> select(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                List<DeadLetter> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBytes(7),
                            rs.getInt(8)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new RegistryException("cannot read dead letters: " + e.getMessage(), e);
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
