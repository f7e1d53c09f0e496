package io.voltrace.cli.demo;

import io.voltrace.simulator.pack.PackSpec;

/**
 * One simulated vehicle of the demo fleet: its device identity, its pack's code and make-up, and the secret it
 * authenticates with.
 */
record Vehicle(String deviceId, char[] secret, String batteryCode, String model, PackSpec pack) {
}
