package io.voltrace.ingest.intake;

import java.util.Optional;
import java.util.Set;

/** Who may connect, and for which batteries each device may speak. Blocking: call it off the event loop. */
@FunctionalInterface
public interface DeviceDirectory {
    /** The codes of the batteries registered to the device, or empty when the credentials are wrong. */
    Optional<Set<String>> authenticate(String deviceId, char[] secret);
}
