package io.voltrace.ingest.api;

import io.voltrace.common.wire.HealthEvidence;
import io.voltrace.common.wire.PackSample;
import io.voltrace.ingest.auth.BatteryAccess;
import io.voltrace.ingest.auth.Principal;
import io.voltrace.ingest.deadletter.DeadLetter;
import io.voltrace.ingest.registry.ApiTokenRecord;
import io.voltrace.ingest.registry.BatteryRecord;
import io.voltrace.ingest.registry.HealthAssessment;
import io.voltrace.ingest.registry.Organisation;
import io.voltrace.ingest.registry.RecoveryFigures;
import io.voltrace.ingest.store.TelemetryReader;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the API's resources (as documented in openapi.json). Unmeasured values are null, not NaN. */
final class Views {
    private Views() {
    }

    static Map<String, Object> battery(BatteryRecord b, Principal viewer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", b.code());
        if (BatteryAccess.maySeeDevices(viewer)) {
            m.put("device", b.deviceId());
        }
        m.put("chemistry", b.chemistry().name());
        m.put("nominalAh", b.nominalAh());
        m.put("cellsSeries", b.cellsSeries());
        m.put("model", b.model());
        m.put("registeredAt", b.registeredAt().toString());
        m.put("ownerOrg", b.ownerOrg());
        m.put("custodianOrg", b.custodianOrg());
        if (!BatteryAccess.maySeeDevices(viewer)) {
            m.put("masked", List.of("device"));
        }
        return m;
    }

    static Map<String, Object> assessment(HealthAssessment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("battery", a.battery());
        m.put("assessedAt", a.assessedAt().toString());
        m.put("capacityAh", a.capacityAh());
        m.put("sohPercent", a.sohPercent());
        m.put("uncertaintyPercent", a.uncertaintyPercent());
        m.put("segments", a.segments());
        m.put("method", a.method());
        m.put("grade", a.grade());
        m.put("reasons", a.reasons());
        m.put("resistanceMilliohm", a.resistanceMilliohm());
        m.put("resistanceGrowthPercent", a.resistanceGrowthPercent());
        m.put("recovery", recovery(a.recovery()));
        return m;
    }

    /** Recoverable metals, or null when the chemistry has no figures (or the assessment predates them). */
    static Map<String, Object> recovery(RecoveryFigures r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cathode", r.cathode());
        m.put("energyKwh", r.energyKwh());
        m.put("lithiumKg", r.lithiumKg());
        m.put("nickelKg", r.nickelKg());
        m.put("cobaltKg", r.cobaltKg());
        m.put("manganeseKg", r.manganeseKg());
        m.put("lceKg", r.lceKg());
        return m;
    }

    static Map<String, Object> sample(PackSample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", s.ts());
        m.put("packVoltage", finite(s.packVoltage()));
        m.put("packCurrent", finite(s.packCurrent()));
        m.put("soc", finite(s.soc()));
        m.put("ahCharged", finite(s.ahCharged()));
        m.put("ahDischarged", finite(s.ahDischarged()));
        m.put("cellVoltageMin", finite(s.cellVoltageMin()));
        m.put("cellVoltageMax", finite(s.cellVoltageMax()));
        m.put("cellVoltageAvg", finite(s.cellVoltageAvg()));
        m.put("tempMin", finite(s.tempMin()));
        m.put("tempMax", finite(s.tempMax()));
        return m;
    }

    static Map<String, Object> bucket(TelemetryReader.Bucket b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", Instant.ofEpochMilli(b.startMillis()).toString());
        m.put("ts", b.startMillis());
        m.put("count", b.count());
        m.put("packVoltage", finite(b.packVoltage()));
        m.put("packCurrent", finite(b.packCurrent()));
        m.put("soc", finite(b.soc()));
        m.put("ahCharged", finite(b.ahCharged()));
        m.put("ahDischarged", finite(b.ahDischarged()));
        m.put("cellVoltageMin", finite(b.cellVoltageMin()));
        m.put("cellVoltageMax", finite(b.cellVoltageMax()));
        m.put("cellVoltageAvg", finite(b.cellVoltageAvg()));
        m.put("tempMin", finite(b.tempMin()));
        m.put("tempMax", finite(b.tempMax()));
        return m;
    }

    /**
     * One record of edge evidence with units in its field names; only the fields its type uses. An insulation
     * reading also gets ohms per volt of the working voltage the grading judges it against
     * ({@link BatteryRecord#workingVolts}).
     */
    static Map<String, Object> evidence(HealthEvidence e, BatteryRecord battery) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ts", e.ts());
        m.put("time", Instant.ofEpochMilli(e.ts()).toString());
        m.put("type", e.type().name());
        switch (e.type()) {
            case INSULATION -> {
                double working = battery.workingVolts(e.packVoltage());
                m.put("insulationKohm", e.insulationKohm());
                m.put("packVolts", e.packVoltage());
                m.put("workingVolts", working);
                m.put("ohmsPerVolt", e.insulationKohm() * 1000 / working);
            }
            case FAULT -> {
                m.put("name", e.name());
                m.put("active", e.active());
            }
            case NEGATIVE_EVENT -> {
                boolean volts = "DEEP_DISCHARGE".equals(e.name()) || "OVER_VOLTAGE".equals(e.name());
                m.put("name", e.name());
                m.put("endTs", e.endTs());
                m.put("endTime", e.endTs() == null ? null : Instant.ofEpochMilli(e.endTs()).toString());
                m.put("extreme", e.extreme());
                m.put("extremeUnit", volts ? "V" : "°C");
            }
            case CURRENT_STEP -> {
                m.put("ohms", e.ohms());
                m.put("fromAmps", e.fromAmps());
                m.put("toAmps", e.toAmps());
                m.put("seconds", e.seconds());
                m.put("tempC", e.tempC());
                m.put("cellVolts", e.cellVolts());
            }
            case BMS_HEALTH -> {
                m.put("soh", e.soh());
                m.put("capacityAh", e.capacityAh());
            }
        }
        return m;
    }

    /**
     * What the BMS itself last said of the pack's health, for {@code /health}: shown beside voltrace's estimate,
     * never merged with it. {@code at} is when the BMS stated it.
     */
    static Map<String, Object> bmsHealth(HealthEvidence e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("soh", e.soh());
        m.put("capacityAh", e.capacityAh());
        m.put("at", Instant.ofEpochMilli(e.ts()).toString());
        return m;
    }

    static Map<String, Object> deadLetter(DeadLetter d, boolean withPayload) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("receivedAt", d.receivedAt().toString());
        m.put("device", d.device());
        m.put("topic", d.topic());
        m.put("reason", d.reason());
        m.put("detail", d.detail());
        m.put("payloadSize", d.payloadSize());
        m.put("truncated", d.truncated());
        if (withPayload) {
            m.put("payloadBase64", Base64.getEncoder().encodeToString(d.payload()));
        }
        return m;
    }

    /** Letters removed to keep the quotas, and the quota that applies (the device's when asked for one device). */
    static Map<String, Object> evictions(io.voltrace.ingest.deadletter.DeadLetterEvictions e,
                                         io.voltrace.ingest.deadletter.DeadLetterQuota quota, boolean oneDevice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("letters", e.letters());
        m.put("bytes", e.bytes());
        m.put("lastEvictedAt", e.lastEvictedAt() == null ? null : e.lastEvictedAt().toString());
        m.put("quotaBytes", oneDevice ? quota.perDeviceBytes() : quota.totalBytes());
        return m;
    }

    static Map<String, Object> organisation(Organisation o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("name", o.name());
        m.put("kind", o.kind().wireName());
        m.put("createdAt", o.createdAt().toString());
        return m;
    }

    /** A token as listed: never its hash. */
    static Map<String, Object> token(ApiTokenRecord t, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("role", t.role());
        m.put("org", t.orgId());
        m.put("label", t.label());
        m.put("createdAt", t.createdAt().toString());
        m.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
        m.put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
        m.put("active", t.activeAt(now));
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
