package io.voltrace.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

/** Helpers for commands that keep a service up until the user stops them. */
public final class Serving {
    private Serving() {
    }

    /**
     * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the service from the shutdown hook and
     * returns once it is closed, so in-flight writes drain before the JVM exits.
     */
    public static void untilStopped(AutoCloseable service) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("voltrace: error while shutting down: " + e);
            } finally {
                closed.countDown();
            }
        }, "voltrace-shutdown"));
        closed.await();
    }

    /** The port itself when it is free on the host, else 0 (any free port), so a busy default does not stop a demo. */
    public static int freeOrAny(String host, int port) {
        if (port == 0) {
            return 0;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return port;
        } catch (IOException busy) {
            return 0;
        }
    }
}
