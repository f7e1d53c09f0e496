package io.voltrace.ingest.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A battery's exported passport.
 *
 * @param battery             its GB/T 34014 code
 * @param batteryPass         the Catena-X Battery Pass 6.1.0 document
 * @param tractionBatteryCode the code and its pack/module/cell tree as a Catena-X traction battery code 2.0.0
 */
public record Passport(String battery, ObjectNode batteryPass, ObjectNode tractionBatteryCode) {
}
