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
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code dead_letter} table in the registry database (migration V3): refused messages with their reason and
 * raw payload, paged newest first by id. Blocking JDBC: keep calls off event loops. Thread-safe.
 */
public final class DeadLetterStore {
    /** Payload bytes kept per letter; a larger payload is cut (its full size is kept) so a flood cannot fill the disk. */
    public static final int MAX_STORED_PAYLOAD = 256 * 1024;
    private static final int MAX_DETAIL = 2000;
    private static final int MAX_TOPIC = 512;
    private static final String COLUMNS = "id, received_at, device, topic, reason, detail, payload, payload_size";

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Stores one letter (its id is ignored) and returns it with the id it got. */
    public DeadLetter add(DeadLetter letter) {
        return addAll(List.of(letter)).get(0);
    }

    /** Stores letters in one transaction, in order; returns them with their ids. */
    public List<DeadLetter> addAll(List<DeadLetter> letters) {
        String sql = "INSERT INTO dead_letter (received_at, device, topic, reason, detail, payload, payload_size)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
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
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next(); // H2 returns the identity column, PostgreSQL the row: id comes first in both
                        stored.add(new DeadLetter(keys.getLong(1), l.receivedAt(), cut(l.device(), 64),
                                cut(l.topic(), MAX_TOPIC), cut(l.reason(), 64), cut(l.detail(), MAX_DETAIL), kept,
                                Math.max(l.payloadSize(), l.payload().length)));
                    }
                }
                c.commit();
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
