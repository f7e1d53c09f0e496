package io.voltrace.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import io.voltrace.common.code.BatteryCode;
import io.voltrace.common.code.InvalidBatteryCodeException;
import io.voltrace.common.wire.HealthEvidence;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Request parameters and JSON body fields, checked, with a 400 naming the parameter when one is wrong. */
final class Params {
    private Params() {
    }

    static String code(RoutingContext ctx) {
        String raw = ctx.pathParam("code");
        try {
            return BatteryCode.parse(raw).value();
        } catch (InvalidBatteryCodeException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    static Instant instant(RoutingContext ctx, String name, Instant fallback) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            return fallback;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, was '"
                    + io.voltrace.common.log.LogSafe.text(value) + "'");
        }
        // The stores count milliseconds or microseconds in a long: beyond these years the arithmetic overflows.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiException.badRequest(name + " must be between " + EARLIEST + " and " + LATEST + ", was "
                    + instant);
        }
        return instant;
    }

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * The optional {@code type} filter of edge evidence: a {@link HealthEvidence.Type} name, in any case and with
     * {@code -} for {@code _} (so {@code negative-event} works too); null when absent.
     */
    static HealthEvidence.Type evidenceType(RoutingContext ctx) {
        String value = ctx.request().getParam("type");
        if (value == null) {
            return null;
        }
        String name = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (HealthEvidence.Type t : HealthEvidence.Type.values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw ApiException.badRequest("type must be one of " + Arrays.stream(HealthEvidence.Type.values())
                .map(Enum::name).collect(Collectors.joining(", ")) + ", was '" + value + "'");
    }

    static int limit(RoutingContext ctx, int fallback, int max) {
        String value = ctx.request().getParam("limit");
        if (value == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be an integer, was '" + value + "'");
        }
        if (limit < 1 || limit > max) {
            throw ApiException.badRequest("limit must be 1.." + max + ", was " + limit);
        }
        return limit;
    }

    static Long optionalLong(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, was '" + value + "'");
        }
    }

    // --- JSON bodies ---

    static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.badRequest("field '" + field + "' is required");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest("field '" + field + "' must be a non-empty string");
        }
        return node.asText();
    }

    static double number(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isNumber()) {
            throw ApiException.badRequest("field '" + field + "' must be a number");
        }
        return node.asDouble();
    }

    static int integer(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiException.badRequest("field '" + field + "' must be an integer");
        }
        return node.asInt();
    }
}
