package io.voltrace.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for services a test starts. */
public final class Ports {
    private Ports() {
    }

    /**
     * A port free right now (the operating system picks it). A service started soon after can bind it; nothing
     * reserves it meanwhile, which is good enough on a test machine.
     */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
