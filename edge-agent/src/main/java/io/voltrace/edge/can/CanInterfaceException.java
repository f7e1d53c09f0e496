package io.voltrace.edge.can;

import java.io.IOException;

/**
 * A SocketCAN interface could not be opened or read. The message is one line naming the interface, the cause and
 * what to do about it, fit to print as it is; {@link #reason()} tells the cause apart for code.
 */
public final class CanInterfaceException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the interface could not be used. */
    public enum Reason {
        /** The kernel has no AF_CAN at all (errno EAFNOSUPPORT). */
        NO_CAN_IN_KERNEL,
        /** AF_CAN exists but raw CAN sockets do not (errno EPROTONOSUPPORT): can-raw is not loaded. */
        NO_RAW_CAN,
        /** No network interface of that name. */
        NO_SUCH_INTERFACE,
        /** The interface exists but is not a CAN device. */
        NOT_A_CAN_INTERFACE,
        /** The process may not open raw CAN sockets. */
        PERMISSION_DENIED,
        /** The interface is administratively down. */
        INTERFACE_DOWN,
        /** CAN FD was asked for and the kernel cannot give it. */
        NO_CAN_FD,
        /** JavaCAN's native library is missing for this CPU or did not load. */
        NATIVE_LIBRARY,
        /** Anything else; the message carries the system's own text and errno. */
        OTHER
    }

    private final String interfaceName;
    private final Reason reason;
    private final int errno;

    public CanInterfaceException(String interfaceName, Reason reason, int errno, String message, Throwable cause) {
        super(message, cause);
        this.interfaceName = interfaceName;
        this.reason = reason;
        this.errno = errno;
    }

    public String interfaceName() {
        return interfaceName;
    }

    public Reason reason() {
        return reason;
    }

    /** The Linux errno behind the failure, or 0 when there was none (native library). */
    public int errno() {
        return errno;
    }
}
