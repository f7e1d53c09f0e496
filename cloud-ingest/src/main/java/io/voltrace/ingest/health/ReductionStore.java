package io.voltrace.ingest.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import io.voltrace.ingest.registry.Registry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Each battery's reduction in the registry ({@code health_reduction}): the reducer's state and the evidence an
 * assessment reads, saved with the watermark in one transaction, together with the schedule's change mark, so that
 * what was reduced, what an assessment sees and what the scheduler knows never disagree, whatever moment the process
 * dies at.
 */
public final class ReductionStore {
    /** Codes per {@code IN (…)} list. */
    static final int IN_CHUNK = 500;
    private final DataSource db;
    private final AssessmentSchedule schedule;

    public ReductionStore(DataSource db, AssessmentSchedule schedule) {
        this.db = db;
        this.schedule = schedule;
    }

    /**
     * A saved reduction: its version, watermark, counts, the reducer state and the encoded evidence.
     *
     * @param samples            samples consumed after the watermark: reduced into the evidence or set aside as
     *                           implausible
     * @param lateSamples        stored samples at or before the watermark that were not consumed (late, out of order)
     * @param implausibleSamples of {@code samples}, those the intake marked implausible (#15): never in the evidence
     * @param restEstimate       the evidence's estimate from rests ({@link SohEstimateCodec}; null: saved before V20)
     */
    public record Saved(long version, long watermarkMs, long samples, long lateSamples, long implausibleSamples,
                        byte[] state, byte[] evidence, byte[] restEstimate) {
        /** Samples fed into the evidence. */
        public long reducedSamples() {
            return samples - implausibleSamples;
        }
    }

    public Optional<Saved> load(String battery) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT version, watermark_ms, samples, late_samples, implausible_samples, state, evidence,"
                        + " rest_estimate FROM health_reduction"
                        + " WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Saved(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getBytes(6), rs.getBytes(7), rs.getBytes(8)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: reading the reduction of " + battery + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The saved version only (cheap): whether a cached reducer is still current. */
    public long version(String battery) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT version FROM health_reduction WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: reading the reduction of " + battery + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The evidence an assessment reads, or empty when nothing of the battery has been reduced. */
    public Optional<ReducedEvidence> evidence(String battery) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT evidence FROM health_reduction WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(EvidenceCodec.decode(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: reading the evidence of " + battery + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A battery's encoded evidence, its resistance estimate ({@link ResistanceCodec}; null: saved before V18) and its
     * estimate from rests ({@link SohEstimateCodec}; null: saved before V20).
     */
    public record StoredEvidence(byte[] evidence, byte[] resistance, byte[] restEstimate) {
    }

    /**
     * The encoded evidence of each of {@code codes} that has a reduction, in one query per 500 codes (the health
     * scheduler's block); decode each with {@link EvidenceCodec#decode} when it is assessed.
     */
    public Map<String, StoredEvidence> encodedEvidence(List<String> codes) {
        Map<String, StoredEvidence> found = new HashMap<>();
        try (Connection c = db.getConnection()) {
            for (int from = 0; from < codes.size(); from += IN_CHUNK) {
                List<String> chunk = codes.subList(from, Math.min(codes.size(), from + IN_CHUNK));
                try (PreparedStatement s = c.prepareStatement("SELECT battery, evidence, resistance,"
                        + " rest_estimate FROM health_reduction WHERE battery IN (" + Registry.placeholders(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getString(1), new StoredEvidence(rs.getBytes(2), rs.getBytes(3), rs.getBytes(4)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: reading the evidence of " + codes.size() + " batteries failed: "
                    + e.getMessage(), e);
        }
        return found;
    }

    /**
     * Saves the reduction as of {@code watermarkMs} and marks the battery's evidence changed, in one transaction.
     * Returns the new version. {@code estimates} are the evidence's resistance estimate and estimate from rests
     * ({@link ReductionEstimates#of}), saved with it so that assessments do not make them again.
     *
     * @param previousVersion the version this state was loaded at (0: none saved): a save over another replica's
     *                        newer one is refused (IllegalStateException) rather than lose what it reduced
     */
    public long save(String battery, long previousVersion, long watermarkMs, long samples, long lateSamples,
                     long implausibleSamples, byte[] state, byte[] evidence, ReductionEstimates estimates,
                     Instant at) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                int n;
                if (previousVersion == 0) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO health_reduction (battery, version,"
                            + " watermark_ms, samples, late_samples, implausible_samples, state, evidence, resistance,"
                            + " rest_estimate, updated_at)"
                            + " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        s.setString(1, battery);
                        s.setLong(2, watermarkMs);
                        s.setLong(3, samples);
                        s.setLong(4, lateSamples);
                        s.setLong(5, implausibleSamples);
                        s.setBytes(6, state);
                        s.setBytes(7, evidence);
                        s.setBytes(8, estimates.resistance());
                        s.setBytes(9, estimates.restEstimate());
                        s.setTimestamp(10, Timestamp.from(at));
                        n = s.executeUpdate();
                    }
                } else {
                    try (PreparedStatement s = c.prepareStatement("UPDATE health_reduction SET version = ?,"
                            + " watermark_ms = ?, samples = ?, late_samples = ?, implausible_samples = ?, state = ?,"
                            + " evidence = ?, resistance = ?, rest_estimate = ?, updated_at = ?"
                            + " WHERE battery = ? AND version = ?")) {
                        s.setLong(1, previousVersion + 1);
                        s.setLong(2, watermarkMs);
                        s.setLong(3, samples);
                        s.setLong(4, lateSamples);
                        s.setLong(5, implausibleSamples);
                        s.setBytes(6, state);
                        s.setBytes(7, evidence);
                        s.setBytes(8, estimates.resistance());
                        s.setBytes(9, estimates.restEstimate());
                        s.setTimestamp(10, Timestamp.from(at));
                        s.setString(11, battery);
                        s.setLong(12, previousVersion);
                        n = s.executeUpdate();
                    }
                }
                if (n != 1) {
                    throw new IllegalStateException("the reduction of " + battery + " was saved by another replica"
                            + " meanwhile (version " + previousVersion + " is stale)");
                }
                schedule.markChanged(c, List.of(battery));
                c.commit();
                return previousVersion + 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("registry: saving the reduction of " + battery + " failed: "
                    + e.getMessage(), e);
        }
    }
}
