package io.voltrace.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.common.wire.PackSample;
import io.voltrace.common.wire.TelemetryBatch;
import io.voltrace.common.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TelemetryValidatorTest {
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final String BATTERY = "VTRPE96DEMO001T5C0000001";
    final TelemetryValidator validator = new TelemetryValidator(ValidationLimits.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** A plausible sample {@code minutesAgo} before NOW. */
    static PackSample sample(int minutesAgo, double ahCharged) {
        return new PackSample(NOW.toEpochMilli() - minutesAgo * 60_000L, 355.2, -42.5, 63.0, ahCharged, 12.0,
                3.690, 3.712, 3.700, 21.0, 24.5);
    }

    static TelemetryBatch batch(List<PackSample> samples) {
        return new TelemetryBatch(1, "veh-0001", BATTERY, 7, samples);
    }

    static TelemetryBatch threeSamplesWith(int index, UnaryOperator<PackSample> change) {
        List<PackSample> samples = new ArrayList<>(List.of(sample(3, 1.0), sample(2, 1.5), sample(1, 2.0)));
        samples.set(index, change.apply(samples.get(index)));
        return batch(samples);
    }

    Rejection rejection(TelemetryBatch batch) {
        Verdict v = validator.validate(WireCodec.encode(batch));
        assertThat(v.accepted()).as("expected a rejection").isFalse();
        return v.rejection();
    }

    @Test
    void acceptsPlausibleTelemetryIncludingUnmeasuredFields() {
        TelemetryBatch ok = threeSamplesWith(1, s -> new PackSample(s.ts(), s.packVoltage(), s.packCurrent(),
                Double.NaN, Double.NaN, s.ahDischarged(), Double.NaN, Double.NaN, Double.NaN, s.tempMin(), s.tempMax()));
        Verdict v = validator.validate(WireCodec.encode(ok));
        assertThat(v.accepted()).as("%s", v.rejection()).isTrue();
        assertThat(v.batch().samples()).hasSize(3);
        // Limits themselves are inside the range.
        assertThat(validator.check(batch(List.of(new PackSample(NOW.toEpochMilli(), 1500, -2000, 100, 0, 0, 0, 5, 5,
                -50, 120)))).accepted()).isTrue();
    }

    @Test
    void namesFieldSampleAndUnitOfAnImplausibleValue() {
        Rejection r = rejection(threeSamplesWith(2, s -> new PackSample(s.ts(), 1612.0, s.packCurrent(), s.soc(),
                s.ahCharged(), s.ahDischarged(), s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(),
                s.tempMin(), s.tempMax())));
        assertThat(r.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(r.detail()).isEqualTo("samples[2].packVoltage = 1612.0 V is outside 0..1500 V");

        assertThat(rejection(threeSamplesWith(0, s -> withCurrent(s, -2000.5))).detail())
                .isEqualTo("samples[0].packCurrent = -2000.5 A is outside -2000..2000 A");
        assertThat(rejection(threeSamplesWith(1, s -> new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), 100.2,
                s.ahCharged(), s.ahDischarged(), s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(),
                s.tempMin(), s.tempMax()))).detail()).isEqualTo("samples[1].soc = 100.2 % is outside 0..100 %");
        assertThat(rejection(threeSamplesWith(1, s -> new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(),
                s.ahCharged(), s.ahDischarged(), s.cellVoltageMin(), 5.2, s.cellVoltageAvg(),
                s.tempMin(), s.tempMax()))).detail()).isEqualTo("samples[1].cellVoltageMax = 5.2 V is outside 0..5 V");
        assertThat(rejection(threeSamplesWith(1, s -> new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(),
                s.ahCharged(), s.ahDischarged(), s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(),
                -51, s.tempMax()))).detail()).isEqualTo("samples[1].tempMin = -51.0 °C is outside -50..120 °C");
        assertThat(rejection(threeSamplesWith(0, s -> withCurrent(s, Double.POSITIVE_INFINITY))).detail())
                .isEqualTo("samples[0].packCurrent = Infinity is not a finite number");
    }

    @Test
    void cellExtremesMustEncloseTheAverage() {
        Rejection r = rejection(threeSamplesWith(1, s -> new PackSample(s.ts(), s.packVoltage(), s.packCurrent(),
                s.soc(), s.ahCharged(), s.ahDischarged(), 3.70, 3.75, 3.68, s.tempMin(), s.tempMax())));
        assertThat(r.reason()).isEqualTo(RejectReason.INCONSISTENT);
        assertThat(r.detail()).isEqualTo("samples[1].cellVoltageMin = 3.7 V is above samples[1].cellVoltageAvg = 3.68 V");
        // One quantisation step (1 mV) of slack is allowed, not more.
        assertThat(validator.check(threeSamplesWith(1, s -> new PackSample(s.ts(), s.packVoltage(), s.packCurrent(),
                s.soc(), s.ahCharged(), s.ahDischarged(), 3.700, 3.75, 3.6995, s.tempMin(), s.tempMax()))).accepted())
                .isTrue();
        assertThat(rejection(threeSamplesWith(2, s -> new PackSample(s.ts(), s.packVoltage(), s.packCurrent(),
                s.soc(), s.ahCharged(), s.ahDischarged(), s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(),
                30, 25))).detail()).isEqualTo("samples[2].tempMin = 30.0 °C is above samples[2].tempMax = 25.0 °C");
    }

    @Test
    void countersMustBeNonNegativeAndNeverRunBackwards() {
        Rejection down = rejection(threeSamplesWith(2, s -> withCharged(s, 1.2)));
        assertThat(down.reason()).isEqualTo(RejectReason.COUNTER_DECREASED);
        assertThat(down.detail()).startsWith("samples[2].ahCharged = 1.2 Ah is below the 1.5 Ah");
        Rejection negative = rejection(threeSamplesWith(0, s -> withCharged(s, -0.1)));
        assertThat(negative.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(negative.detail()).startsWith("samples[0].ahCharged = -0.1 Ah");
        // A gap (not measured) does not reset the comparison: 2.0 after 1.0 and NaN is fine, 0.5 is not.
        assertThat(validator.check(threeSamplesWith(1, s -> withCharged(s, Double.NaN))).accepted()).isTrue();
        assertThat(rejection(batch(List.of(sample(3, 1.0), sample(2, Double.NaN), sample(1, 0.5)))).detail())
                .startsWith("samples[2].ahCharged = 0.5 Ah is below the 1.0 Ah");
    }

    @Test
    void sampleTimesMustStrictlyIncreaseAndLieNearNow() {
        Rejection repeat = rejection(batch(List.of(sample(3, 1), sample(2, 1), sample(2, 1))));
        assertThat(repeat.reason()).isEqualTo(RejectReason.TIME_ORDER);
        assertThat(repeat.detail()).startsWith("samples[2].ts = ").contains("is not after samples[1].ts");

        Rejection future = rejection(batch(List.of(sample(1, 1), sample(-6, 2))));
        assertThat(future.reason()).isEqualTo(RejectReason.IN_FUTURE);
        assertThat(future.detail()).isEqualTo(
                "samples[1].ts = 2026-11-25T12:06:00Z is 6 min ahead of the receiver's clock (at most 5 min allowed)");
        assertThat(validator.check(batch(List.of(sample(-4, 1)))).accepted()).as("4 min of clock drift").isTrue();

        Rejection old = rejection(batch(List.of(sample(401 * 24 * 60, 1))));
        assertThat(old.reason()).isEqualTo(RejectReason.TOO_OLD);
        assertThat(old.detail()).isEqualTo("samples[0].ts = 2025-10-20T12:00:00Z is 401 d old (at most 400 d accepted)");
        TelemetryValidator lenient = new TelemetryValidator(ValidationLimits.defaults().withMaxAge(Duration.ofDays(800)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(lenient.check(batch(List.of(sample(401 * 24 * 60, 1)))).accepted()).isTrue();
    }

    @Test
    void tellsAnUnknownSchemaFromGarbageAndCatchesBadCodes() {
        String v9 = new String(WireCodec.encode(batch(List.of(sample(1, 1)))), StandardCharsets.UTF_8)
                .replace("\"schema\":1", "\"schema\":9");
        Rejection schema = validator.validate(v9.getBytes(StandardCharsets.UTF_8)).rejection();
        assertThat(schema.reason()).isEqualTo(RejectReason.UNSUPPORTED_SCHEMA);
        assertThat(schema.detail()).isEqualTo("schema = 9 is not supported by this receiver");

        Rejection garbage = validator.validate("{oops".getBytes(StandardCharsets.UTF_8)).rejection();
        assertThat(garbage.reason()).isEqualTo(RejectReason.MALFORMED);
        assertThat(garbage.detail()).startsWith("not a telemetry batch");
        assertThat(validator.validate("{\"schema\":1,\"device\":\"d\",\"battery\":\"x\",\"seq\":1,\"samples\":[]}"
                .getBytes(StandardCharsets.UTF_8)).rejection().reason()).isEqualTo(RejectReason.MALFORMED);

        Rejection code = rejection(new TelemetryBatch(1, "veh-0001", "NOT-A-CODE", 1, List.of(sample(1, 1))));
        assertThat(code.reason()).isEqualTo(RejectReason.UNKNOWN_BATTERY);
        assertThat(code.detail()).contains("NOT-A-CODE");
    }

    @Test
    void reasonsMapToMqtt5FailureCodes() {
        for (RejectReason reason : RejectReason.values()) {
            assertThat(reason.mqttCode().value() & 0xFF).as("%s", reason).isGreaterThanOrEqualTo(0x80);
        }
        assertThat(RejectReason.MALFORMED.label()).isEqualTo("malformed payload");
    }

    private static PackSample withCurrent(PackSample s, double current) {
        return new PackSample(s.ts(), s.packVoltage(), current, s.soc(), s.ahCharged(), s.ahDischarged(),
                s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(), s.tempMax());
    }

    private static PackSample withCharged(PackSample s, double ah) {
        return new PackSample(s.ts(), s.packVoltage(), s.packCurrent(), s.soc(), ah, s.ahDischarged(),
                s.cellVoltageMin(), s.cellVoltageMax(), s.cellVoltageAvg(), s.tempMin(), s.tempMax());
    }
}
