package io.voltrace.ingest.privacy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A vehicle's VIN and licence plate: personal data. {@code toString} masks both, so an identity that reaches a log
 * line by accident shows no more than the auditor's view.
 *
 * @param vin   17 characters, ISO 3779 alphabet (no I, O, Q), upper case
 * @param plate licence plate, or null
 */
public record VehicleIdentity(String vin, String plate) {
    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");

    public VehicleIdentity {
        vin = vin == null ? null : vin.strip().toUpperCase(Locale.ROOT);
        if (vin == null || !VIN.matcher(vin).matches()) {
            throw new IllegalArgumentException("VIN must be 17 of A-Z (without I, O, Q) and 0-9");
        }
        if (plate != null) {
            plate = plate.strip();
            if (plate.isEmpty() || plate.length() > 16) {
                throw new IllegalArgumentException("licence plate must be 1-16 characters");
            }
        }
    }

    /** The world manufacturer identifier (first 3) stays, the rest is starred: tells the maker, not the car. */
    public static String maskVin(String vin) {
        return vin.substring(0, 3) + "*".repeat(vin.length() - 3);
    }

    /** Only the first character (in China, the province) stays. */
    public static String maskPlate(String plate) {
        if (plate == null) {
            return null;
        }
        int first = plate.offsetByCodePoints(0, 1);
        return plate.substring(0, first) + "*".repeat(Math.max(1, plate.codePointCount(first, plate.length())));
    }

    @Override
    public String toString() {
        return "VehicleIdentity[vin=" + maskVin(vin) + ", plate=" + maskPlate(plate) + "]";
    }
}
