package io.voltrace.ingest.passport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.ingest.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The {@code passport_declaration} table (migration V11). Blocking JDBC; thread-safe (two declarations racing for
 * one battery: one wins, the other gets an {@link IllegalStateException} and may retry).
 */
public final class PassportDeclarations {
    /** The Battery Pass 6.1.0 sections a declaration may hold. */
    static final Set<String> SECTIONS = Set.of("identification", "operation", "characteristics", "sustainability",
            "materials", "performance", "conformity", "safety", "sources", "metadata", "commercial", "handling");
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern VIN_LIKE = Pattern.compile("(?i).*\\b[A-HJ-NPR-Z0-9]{17}\\b.*");

    private final DataSource dataSource;

    public PassportDeclarations(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Checks a declaration's shape: a JSON object of Battery Pass sections, without the parts voltrace itself keeps
     * (the carbon footprint is declared in the ledger, so one figure cannot be stated in two places).
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static ObjectNode check(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException("the declaration must be a JSON object of Battery Pass sections");
        }
        for (Iterator<String> it = document.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!SECTIONS.contains(field)) {
                throw new IllegalArgumentException("field '" + field + "' is not a Battery Pass 6.1.0 section; known: "
                        + String.join(", ", SECTIONS.stream().sorted().toList()));
            }
            if (!document.get(field).isObject() && !field.equals("sources")) {
                throw new IllegalArgumentException("field '" + field + "' must be an object");
            }
        }
        if (document.path("sustainability").has("carbonFootprint")) {
            throw new IllegalArgumentException("field 'sustainability.carbonFootprint' is not declared here: record it"
                    + " in the ledger (production or carbon_footprint event, or POST"
                    + " /api/v1/batteries/{code}/carbon-footprint)");
        }
        if (document.has("sources") && !document.get("sources").isArray()) {
            throw new IllegalArgumentException("field 'sources' must be an array");
        }
        refuseVehicleIdentities(document, "");
        return (ObjectNode) document;
    }

    /** A passport is public: a VIN-shaped text (17 characters, no I, O or Q) has no place in it. */
    private static void refuseVehicleIdentities(JsonNode node, String path) {
        if (node.isTextual() && VIN_LIKE.matcher(node.asText()).matches()) {
            throw new IllegalArgumentException("field '" + path.substring(1) + "' looks like a vehicle identity"
                    + " (VIN): a passport declaration names no vehicle");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                refuseVehicleIdentities(e.getValue(), path + "." + e.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                refuseVehicleIdentities(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** Records a new version of the battery's declaration and returns it. */
    public PassportDeclaration declare(String code, JsonNode document, String declaredBy, Instant at) {
        String battery = BatteryCode.parse(code).value();
        ObjectNode doc = check(document).deepCopy();
        String text;
        try {
            text = JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the declaration cannot be written as JSON: " + e.getOriginalMessage());
        }
        Instant when = at.truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            int version = latestVersion(c, battery) + 1;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO passport_declaration (battery, version,"
                    + " document, sha256, declared_by, declared_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, battery);
                s.setInt(2, version);
                s.setString(3, text);
                s.setString(4, sha256(text));
                s.setString(5, declaredBy);
                s.setObject(6, OffsetDateTime.ofInstant(when, ZoneOffset.UTC));
                s.executeUpdate();
            }
            return new PassportDeclaration(battery, version, doc, sha256(text), declaredBy, when);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalStateException("another declaration for " + battery + " was recorded at the same"
                        + " time; send it again", e);
            }
            throw new RegistryException("cannot store the passport declaration of " + battery + ": "
                    + e.getMessage(), e);
        }
    }

    /** The declaration in force, if any. */
    public Optional<PassportDeclaration> current(String code) {
        String battery = BatteryCode.parse(code).value();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT version, document, sha256, declared_by, declared_at FROM passport_declaration"
                        + " WHERE battery = ? ORDER BY version DESC")) {
            s.setMaxRows(1);
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                JsonNode doc = JSON.readTree(rs.getString(2));
                return Optional.of(new PassportDeclaration(battery, rs.getInt(1), (ObjectNode) doc, rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new RegistryException("cannot read the passport declaration of " + battery + ": "
                    + e.getMessage(), e);
        }
    }

    private static int latestVersion(Connection c, String battery) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT MAX(version) FROM passport_declaration WHERE battery = ?")) {
            s.setString(1, battery);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
