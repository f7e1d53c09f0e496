package io.voltrace.ingest.privacy;

import io.voltrace.ingest.registry.Registry;
import io.voltrace.ingest.registry.RegistryException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vehicle identities (VIN, licence plate), sealed with {@link FieldCipher} in table {@code vehicle_identity} and
 * known elsewhere only by an opaque reference ({@code veh_} and 16 hex digits). Ledger events carry the reference,
 * never the VIN, so rotating keys never touches the hash chain. Blocking; thread-safe.
 */
public final class VehicleVault {
    private static final Logger LOG = LoggerFactory.getLogger(VehicleVault.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final Pattern REF = Pattern.compile("veh_[0-9a-f]{16}");

    private final Registry registry;
    private final FieldCipher cipher;

    public VehicleVault(Registry registry, KeyRing keys) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cipher = new FieldCipher(keys);
    }

    /** Seals and stores the identity; returns its reference. */
    public String store(VehicleIdentity vehicle) {
        byte[] raw = new byte[8];
        RANDOM.nextBytes(raw);
        String id = "veh_" + HexFormat.of().formatHex(raw);
        Sealed vin = cipher.seal(vehicle.vin(), aad(id, "vin"));
        Sealed plate = vehicle.plate() == null ? null : cipher.seal(vehicle.plate(), aad(id, "plate"));
        update("store vehicle " + id, "INSERT INTO vehicle_identity (id, vin_key, vin_ct, plate_key, plate_ct,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?)", s -> {
                    s.setString(1, id);
                    s.setString(2, vin.keyId());
                    s.setString(3, vin.data());
                    s.setString(4, plate == null ? null : plate.keyId());
                    s.setString(5, plate == null ? null : plate.data());
                    s.setObject(6, Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
                });
        LOG.debug("vehicle identity stored ref={} key={}", id, vin.keyId());
        return id;
    }

    /** Deletes an identity no event refers to (its event was refused). */
    public void forget(String ref) {
        update("forget vehicle " + ref, "DELETE FROM vehicle_identity WHERE id = ?", s -> s.setString(1, ref));
    }

    /** The identity behind a reference, decrypted; empty for an unknown reference. */
    public Optional<VehicleIdentity> reveal(String ref) {
        if (ref == null || !REF.matcher(ref).matches()) {
            return Optional.empty();
        }
        return rows("WHERE id = ?", ref).stream().findFirst().map(r -> new VehicleIdentity(
                cipher.open(r.vin, aad(r.id, "vin")), r.plate == null ? null : cipher.open(r.plate, aad(r.id, "plate"))));
    }

    /**
     * Re-seals every value whose key is not the active one (after a key rotation), so the old key can then be
     * removed from the configuration.
     *
     * @return how many values were re-sealed
     */
    public int reencrypt() {
        String active = cipher.keys().activeId();
        int count = 0;
        for (Row r : rows("WHERE vin_key <> ? OR plate_key <> ?", active, active)) {
            Sealed vin = r.vin.keyId().equals(active) ? r.vin
                    : cipher.seal(cipher.open(r.vin, aad(r.id, "vin")), aad(r.id, "vin"));
            Sealed plate = r.plate == null || r.plate.keyId().equals(active) ? r.plate
                    : cipher.seal(cipher.open(r.plate, aad(r.id, "plate")), aad(r.id, "plate"));
            update("re-encrypt vehicle " + r.id, "UPDATE vehicle_identity SET vin_key = ?, vin_ct = ?,"
                    + " plate_key = ?, plate_ct = ? WHERE id = ?", s -> {
                        s.setString(1, vin.keyId());
                        s.setString(2, vin.data());
                        s.setString(3, plate == null ? null : plate.keyId());
                        s.setString(4, plate == null ? null : plate.data());
                        s.setString(5, r.id);
                    });
            count++;
        }
        if (count > 0) {
            LOG.info("re-encrypted {} vehicle identities with key {}", count, active);
        }
        return count;
    }

    /** Ids of the keys still in use, with how many values each seals (for deciding when an old key may go). */
    public java.util.Map<String, Integer> keyUsage() {
        java.util.Map<String, Integer> usage = new java.util.TreeMap<>();
        for (Row r : rows("", new String[0])) {
            usage.merge(r.vin.keyId(), 1, Integer::sum);
            if (r.plate != null) {
                usage.merge(r.plate.keyId(), 1, Integer::sum);
            }
        }
        return usage;
    }

    private static String aad(String id, String column) {
        return "vehicle_identity/" + id + "/" + column;
    }

    private record Row(String id, Sealed vin, Sealed plate) {
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private List<Row> rows(String where, String... params) {
        try (Connection c = registry.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, vin_key, vin_ct, plate_key, plate_ct"
                     + " FROM vehicle_identity " + where + " ORDER BY id")) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String plateKey = rs.getString(4);
                    out.add(new Row(rs.getString(1), new Sealed(rs.getString(2), rs.getString(3)),
                            plateKey == null ? null : new Sealed(plateKey, rs.getString(5))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new RegistryException("cannot read vehicle identities: " + e.getMessage(), e);
        }
    }

    private void update(String what, String sql, Binder binder) {
        try (Connection c = registry.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new RegistryException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
