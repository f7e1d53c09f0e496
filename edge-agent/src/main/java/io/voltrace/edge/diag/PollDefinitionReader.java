package io.voltrace.edge.diag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a poll-definition file (JSON with comments and trailing commas, like the signal mappings) and checks its
 * shape; every problem is collected as {@code name: place: reason} and thrown together.
 */
final class PollDefinitionReader {

    static final String FORMAT = "voltrace-poll/1";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();
    private static final Set<String> TOP = Set.of("format", "vehicle", "sources", "comment", "modules");
    private static final Set<String> MODULE = Set.of("name", "request", "response", "extendedIds", "session",
            "requestAddress",
            "responseAddress", "comment", "polls");
    private static final Set<String> POLL = Set.of("service", "pid", "every", "timeout", "comment", "values");
    private static final Set<String> VALUE = Set.of("name", "at", "bytes", "signed", "endian", "scale", "add",
            "count", "stride", "bms", "first", "invalidRaw", "unit", "comment");

    private final String name;
    private final List<String> problems = new ArrayList<>();

    private PollDefinitionReader(String name) {
        this.name = name;
    }

    static PollDefinition read(String name, Reader in) throws PollDefinitionException, IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new PollDefinitionException(name + ": line " + (loc == null ? "?" : loc.getLineNr()) + ", column "
                    + (loc == null ? "?" : loc.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        return new PollDefinitionReader(name).definition(root);
    }

    private PollDefinition definition(JsonNode root) throws PollDefinitionException {
        if (root == null || !root.isObject()) {
            throw new PollDefinitionException(name + ": expected a JSON object");
        }
        keys(root, TOP, "");
        if (root.has("format") && !FORMAT.equals(root.get("format").asText())) {
            problem("format", "must be \"" + FORMAT + "\"");
        }
        String vehicle = root.path("vehicle").asText("");
        List<String> sources = new ArrayList<>();
        root.path("sources").forEach(s -> sources.add(s.asText()));
        List<PollModule> modules = new ArrayList<>();
        List<PollRequest> requests = new ArrayList<>();
        JsonNode ms = root.get("modules");
        if (ms == null || !ms.isArray() || ms.isEmpty()) {
            problem("modules", "required: a non-empty array");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < ms.size(); i++) {
                module(ms.get(i), "modules[" + i + "]", modules, requests, ids);
            }
        }
        if (!problems.isEmpty()) {
            throw new PollDefinitionException(String.join("\n", problems));
        }
        return new PollDefinition(name, vehicle, sources, modules, requests);
    }

    private void module(JsonNode m, String at, List<PollModule> modules, List<PollRequest> requests,
                        Set<String> ids) {
        if (!m.isObject()) {
            problem(at, "expected an object");
            return;
        }
        keys(m, MODULE, at + ".");
        String moduleName = m.path("name").asText("");
        if (moduleName.isBlank()) {
            problem(at + ".name", "required");
        }
        boolean ext = m.path("extendedIds").asBoolean(false);
        int req = number(m, "request", at, -1, ext ? 0x1FFFFFFF : 0x7FF, true);
        int resp = number(m, "response", at, -1, ext ? 0x1FFFFFFF : 0x7FF, true);
        int reqAddr = number(m, "requestAddress", at, IsoTpAddress.NORMAL, 0xFF, false);
        int respAddr = number(m, "responseAddress", at, IsoTpAddress.NORMAL, 0xFF, false);
        if ((reqAddr == IsoTpAddress.NORMAL) != (respAddr == IsoTpAddress.NORMAL)) {
            problem(at, "extended addressing needs both requestAddress and responseAddress");
        }
        boolean idsValid = req >= 0 && resp >= 0;
        if (idsValid && !ids.add(resp + "/" + respAddr)) {
            problem(at + ".response", "another module answers on the same id");
        }
        // With bad ids the polls are still checked (against a stand-in module), so every problem shows at once.
        int session = number(m, "session", at, 0, 0x7F, false);
        if (session == 0x01) {
            session = 0; // the default session needs no opening
        }
        PollModule module = new PollModule(moduleName, new IsoTpAddress(Math.max(req, 0), ext, reqAddr),
                new IsoTpAddress(Math.max(resp, 0), ext, respAddr), Math.max(session, 0));
        if (idsValid) {
            modules.add(module);
        }
        JsonNode polls = m.get("polls");
        if (polls == null || !polls.isArray() || polls.isEmpty()) {
            problem(at + ".polls", "required: a non-empty array");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < polls.size(); i++) {
            PollRequest r = poll(polls.get(i), at + ".polls[" + i + "]", module);
            if (r != null) {
                if (!seen.add(r.service() + ":" + r.pid())) {
                    problem(at + ".polls[" + i + "]", "service and PID listed twice");
                }
                requests.add(r);
            }
        }
    }

    private PollRequest poll(JsonNode p, String at, PollModule module) {
        if (!p.isObject()) {
            problem(at, "expected an object");
            return null;
        }
        keys(p, POLL, at + ".");
        int service = number(p, "service", at, -1, 0xFF, true);
        if (service >= 0 && service != 0x21 && service != 0x22 && service != 0x01) {
            problem(at + ".service", "0x21 (KWP2000 read by local id), 0x22 (UDS read by identifier) or 0x01 (OBD-II)"
                    + " expected, found 0x" + Integer.toHexString(service));
        }
        String pidText = p.path("pid").asText("");
        int pidBytes = pidText.matches("0[xX][0-9a-fA-F]{4}") ? 2 : pidText.matches("0[xX][0-9a-fA-F]{2}") ? 1 : 0;
        int pid = -1;
        if (pidBytes == 0) {
            problem(at + ".pid", "required: hex with 2 digits (0x41) or 4 (0x0101), found '" + pidText + "'");
        } else {
            pid = Integer.parseInt(pidText.substring(2), 16);
            if (service == 0x22 && pidBytes != 2) {
                problem(at + ".pid", "a UDS 0x22 data identifier has 4 hex digits");
            }
        }
        Map<VehicleState, Double> every = new EnumMap<>(VehicleState.class);
        JsonNode e = p.get("every");
        if (e == null || !e.isObject()) {
            problem(at + ".every", "required: seconds per state, e.g. {\"driving\": 10, \"charging\": 30, "
                    + "\"parked\": 0}");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                VehicleState s = null;
                for (VehicleState v : VehicleState.values()) {
                    if (v.key().equals(f.getKey())) {
                        s = v;
                    }
                }
                if (s == null) {
                    problem(at + ".every." + f.getKey(), "unknown state; use driving, charging, parked");
                } else if (!f.getValue().isNumber() || f.getValue().asDouble() < 0) {
                    problem(at + ".every." + f.getKey(), "seconds >= 0 expected (0 = not polled)");
                } else if (f.getValue().asDouble() > 0) {
                    every.put(s, f.getValue().asDouble());
                }
            }
        }
        double timeout = p.path("timeout").asDouble(1.0);
        if (p.has("timeout") && (!p.get("timeout").isNumber() || timeout <= 0 || timeout > 10)) {
            problem(at + ".timeout", "seconds in (0, 10] expected");
        }
        List<PollValue> values = new ArrayList<>();
        JsonNode vs = p.get("values");
        if (vs == null || !vs.isArray() || vs.isEmpty()) {
            problem(at + ".values", "required: a non-empty array");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < vs.size(); i++) {
                PollValue v = value(vs.get(i), at + ".values[" + i + "]");
                if (v != null) {
                    if (!names.add(v.name())) {
                        problem(at + ".values[" + i + "].name", "'" + v.name() + "' used twice in this poll");
                    }
                    values.add(v);
                }
            }
        }
        if (service < 0 || pid < 0) {
            return null;
        }
        return new PollRequest(module, service, pid, pidBytes, every, timeout, values);
    }

    private PollValue value(JsonNode v, String at) {
        if (!v.isObject()) {
            problem(at, "expected an object");
            return null;
        }
        keys(v, VALUE, at + ".");
        String valueName = v.path("name").asText("");
        if (!valueName.matches("[A-Za-z][A-Za-z0-9_]*")) {
            problem(at + ".name", "required: letters, digits and _ (found '" + valueName + "')");
        }
        int offset = integer(v, "at", at, 0, 4095, -1);
        int bytes = integer(v, "bytes", at, 1, 4, 1);
        int count = integer(v, "count", at, 1, 512, 1);
        int stride = integer(v, "stride", at, 1, 64, bytes);
        double scale = v.path("scale").asDouble(1);
        if (v.has("scale") && (!v.get("scale").isNumber() || scale == 0)) {
            problem(at + ".scale", "a non-zero number expected");
        }
        double add = v.path("add").asDouble(0);
        String endian = v.path("endian").asText("big");
        if (!endian.equals("big") && !endian.equals("little")) {
            problem(at + ".endian", "big or little expected");
        }
        BmsTarget bms = null;
        if (v.has("bms")) {
            bms = BmsTarget.of(v.get("bms").asText());
            if (bms == null) {
                problem(at + ".bms", "unknown BMS field '" + v.get("bms").asText() + "'; known: " + BmsTarget.names());
            } else if (bms.array() != (count > 1) && !(bms.array() && v.has("first"))) {
                problem(at + ".bms", bms.array() ? bms.key() + " takes an array (count > 1, or first for one element)"
                        : bms.key() + " takes one value, not count " + count);
            }
        }
        int first = integer(v, "first", at, 1, 512, 1);
        if (bms != null && bms.array() && first - 1 + count > 512) {
            problem(at + ".first", "cells beyond 512");
        }
        List<Long> invalid = new ArrayList<>();
        v.path("invalidRaw").forEach(n -> invalid.add(n.asLong()));
        if (offset < 0) {
            return null;
        }
        return new PollValue(valueName, offset, bytes, v.path("signed").asBoolean(false), endian.equals("little"),
                scale, add, count, stride, bms, first, invalid.stream().mapToLong(Long::longValue).toArray(),
                v.path("unit").asText(""));
    }

    private int integer(JsonNode n, String key, String at, int min, int max, int dflt) {
        JsonNode v = n.get(key);
        if (v == null) {
            if (dflt < min) {
                problem(at + "." + key, "required");
            }
            return dflt;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
            problem(at + "." + key, "an integer in " + min + ".." + max + " expected, found " + v);
            return dflt;
        }
        return v.asInt();
    }

    /** A hex string ("0x7BB") or a number; -1 (or {@code absent}) when missing. */
    private int number(JsonNode n, String key, String at, int absent, int max, boolean required) {
        JsonNode v = n.get(key);
        if (v == null) {
            if (required) {
                problem(at + "." + key, "required");
            }
            return absent;
        }
        long x = -1;
        if (v.isIntegralNumber()) {
            x = v.asLong();
        } else if (v.isTextual() && v.asText().matches("0[xX][0-9a-fA-F]{1,8}")) {
            x = Long.parseLong(v.asText().substring(2), 16);
        }
        if (x < 0 || x > max) {
            problem(at + "." + key, "expected hex such as \"0x7BB\" up to 0x" + Integer.toHexString(max)
                    + ", found " + v);
            return required ? -1 : absent;
        }
        return (int) x;
    }

    private void keys(JsonNode n, Set<String> allowed, String at) {
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problem(at + k, "unknown key");
            }
        });
    }

    private void problem(String place, String reason) {
        problems.add(name + ": " + place + ": " + reason);
    }
}
