package io.voltrace.edge.can;

import io.voltrace.edge.can.CanInterfaceException.Reason;

/**
 * Turns a failed SocketCAN system call into one line a person can act on. Kept apart from the socket code so the
 * classification is tested with errno values on any machine, CAN or not.
 */
public final class SocketCanErrors {

    // Linux errno values (asm-generic/errno-base.h, errno.h); the same on every architecture JavaCAN ships for.
    public static final int EPERM = 1;
    public static final int ENXIO = 6;
    public static final int EACCES = 13;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOPROTOOPT = 92;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EAFNOSUPPORT = 97;
    public static final int ENETDOWN = 100;

    /** What the source was doing when the call failed: the same errno means different things at each step. */
    public enum Step {
        CREATE_SOCKET("creating the raw CAN socket"),
        LOOKUP_INTERFACE("looking up the interface"),
        ENABLE_FD("enabling CAN FD frames"),
        SET_FILTERS("setting the receive filters"),
        SET_OPTION("setting a socket option"),
        BIND("binding to the interface"),
        READ("reading a frame"),
        WRITE("writing a frame");

        private final String doing;

        Step(String doing) {
            this.doing = doing;
        }

        public String doing() {
            return doing;
        }
    }

    private SocketCanErrors() {
    }

    /**
     * @param interfaceName the interface asked for, e.g. {@code can0}
     * @param errno         the errno the call failed with
     * @param systemText    the system's text for it (strerror), used only for causes not recognised here
     */
    public static CanInterfaceException classify(String interfaceName, Step step, int errno, String systemText,
                                                 Throwable cause) {
        String up = "ip link set " + interfaceName + " up type can bitrate 500000";
        String prefix = step == Step.READ
                ? "reading CAN interface " + interfaceName + ": "
                : "cannot open CAN interface " + interfaceName + ": ";
        Reason reason;
        String what;
        if (errno == EAFNOSUPPORT) {
            reason = Reason.NO_CAN_IN_KERNEL;
            what = "this kernel has no CAN support (address family not supported, errno 97);"
                    + " load can/can-raw or use a replay source";
        } else if (errno == EPROTONOSUPPORT && step == Step.CREATE_SOCKET) {
            reason = Reason.NO_RAW_CAN;
            what = "this kernel has CAN but no raw CAN sockets (protocol not supported, errno 93);"
                    + " load can-raw or use a replay source";
        } else if (errno == EPERM || errno == EACCES) {
            reason = Reason.PERMISSION_DENIED;
            what = "permission denied opening " + interfaceName + " (needs CAP_NET_RAW)";
        } else if ((errno == ENODEV || errno == ENXIO) && step == Step.LOOKUP_INTERFACE) {
            reason = Reason.NO_SUCH_INTERFACE;
            what = "no such interface " + interfaceName + " (is it up? " + up + ")";
        } else if (errno == ENODEV && step == Step.BIND) {
            // The kernel answers ENODEV when binding a CAN socket to a device whose type is not ARPHRD_CAN.
            reason = Reason.NOT_A_CAN_INTERFACE;
            what = interfaceName + " is not a CAN interface (errno 19); name a CAN device such as can0 or vcan0";
        } else if (errno == ENETDOWN) {
            reason = Reason.INTERFACE_DOWN;
            what = interfaceName + " is down (" + up + ")";
        } else if (step == Step.ENABLE_FD && (errno == ENOPROTOOPT || errno == EINVAL)) {
            reason = Reason.NO_CAN_FD;
            what = "this kernel cannot pass CAN FD frames (errno " + errno + "); open it without FD";
        } else {
            reason = Reason.OTHER;
            what = step.doing() + " failed: " + oneLine(systemText) + " (errno " + errno + ")";
        }
        return new CanInterfaceException(interfaceName, reason, errno, prefix + what, cause);
    }

    /** JavaCAN's native part did not load: usually the jar for this CPU is missing from the class path. */
    public static CanInterfaceException nativeLibrary(String interfaceName, String osArch, Throwable cause) {
        String detail = cause == null ? "" : " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + oneLine(cause.getMessage())) + ")";
        return new CanInterfaceException(interfaceName, Reason.NATIVE_LIBRARY, 0,
                "cannot open CAN interface " + interfaceName + ": JavaCAN's native library did not load for os.arch="
                        + osArch + detail + "; put tel.schich:javacan-core with the classifier for this CPU on the"
                        + " class path, or use a replay source", cause);
    }

    private static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return "unknown error";
        }
        return text.replaceAll("\\s+", " ").trim();
    }
}
