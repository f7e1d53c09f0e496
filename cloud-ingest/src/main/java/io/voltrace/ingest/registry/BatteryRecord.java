package io.voltrace.ingest.registry;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.common.code.BatteryCode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A registered traction battery.
 *
 * @param code         GB/T 34014 code, validated
 * @param deviceId     the edge device that reports its telemetry
 * @param chemistry    cell chemistry
 * @param nominalAh    rated capacity, ampere-hours
 * @param cellsSeries  cells in series
 * @param model        pack model name, or null
 * @param registeredAt when it was registered; kept to microseconds, as SQL timestamps are
 * @param ownerOrg     id of the organisation (fleet) that owns it, or null when not recorded
 * @param custodianOrg id of the organisation that holds it now (e.g. a recycler), or null
 */
public record BatteryRecord(String code, String deviceId, Chemistry chemistry, double nominalAh, int cellsSeries,
                            String model, Instant registeredAt, String ownerOrg, String custodianOrg) {

    /** A battery with no owner or custodian recorded. */
    public BatteryRecord(String code, String deviceId, Chemistry chemistry, double nominalAh, int cellsSeries,
                         String model, Instant registeredAt) {
        this(code, deviceId, chemistry, nominalAh, cellsSeries, model, registeredAt, null, null);
    }

    public BatteryRecord {
        code = BatteryCode.parse(code).value();
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(chemistry, "chemistry");
        if (!(nominalAh > 0) || Double.isInfinite(nominalAh)) {
            throw new IllegalArgumentException("nominal capacity must be a positive number of Ah: " + nominalAh);
        }
        if (cellsSeries <= 0) {
            throw new IllegalArgumentException("cells in series must be positive: " + cellsSeries);
        }
        registeredAt = Objects.requireNonNull(registeredAt, "registeredAt").truncatedTo(ChronoUnit.MICROS);
    }

    public BatteryRecord withOwner(String org) {
        return new BatteryRecord(code, deviceId, chemistry, nominalAh, cellsSeries, model, registeredAt, org,
                custodianOrg);
    }

    public BatteryRecord withCustodian(String org) {
        return new BatteryRecord(code, deviceId, chemistry, nominalAh, cellsSeries, model, registeredAt, ownerOrg,
                org);
    }

    /**
     * The pack's maximum working voltage, as UN ECE R100 judges insulation resistance in ohms per volt: every cell at
     * the chemistry's full-charge voltage, or the voltage measured with the reading when that is higher.
     *
     * @param measuredPackVolts the pack voltage read with the insulation reading, or null
     */
    public double workingVolts(Double measuredPackVolts) {
        double full = cellsSeries * chemistry.ocv().maxVolts();
        return measuredPackVolts == null ? full : Math.max(full, measuredPackVolts);
    }
}
