package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;

import io.voltrace.edge.can.CanInterfaceException.Reason;
import io.voltrace.edge.can.SocketCanErrors.Step;
import org.junit.jupiter.api.Test;

/** The classification by errno and step, as the kernel reports each case. */
class SocketCanErrorsTest {

    static CanInterfaceException classify(Step step, int errno) {
        return SocketCanErrors.classify("can0", step, errno, "system text", null);
    }

    @Test
    void noAfCanMeansTheKernelHasNoCan() {
        CanInterfaceException e = classify(Step.CREATE_SOCKET, 97);
        assertThat(e.reason()).isEqualTo(Reason.NO_CAN_IN_KERNEL);
        assertThat(e.getMessage()).isEqualTo("cannot open CAN interface can0: this kernel has no CAN support"
                + " (address family not supported, errno 97); load can/can-raw or use a replay source");
    }

    @Test
    void afCanWithoutRawProtocol() {
        CanInterfaceException e = classify(Step.CREATE_SOCKET, 93);
        assertThat(e.reason()).isEqualTo(Reason.NO_RAW_CAN);
        assertThat(e.getMessage()).contains("load can-raw");
    }

    @Test
    void missingInterface() {
        CanInterfaceException e = classify(Step.LOOKUP_INTERFACE, 19);
        assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_INTERFACE);
        assertThat(e.getMessage()).isEqualTo("cannot open CAN interface can0: no such interface can0"
                + " (is it up? ip link set can0 up type can bitrate 500000)");
    }

    @Test
    void permissionDenied() {
        for (int errno : new int[] {1, 13}) {
            CanInterfaceException e = classify(Step.CREATE_SOCKET, errno);
            assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
            assertThat(e.getMessage()).isEqualTo(
                    "cannot open CAN interface can0: permission denied opening can0 (needs CAP_NET_RAW)");
        }
    }

    @Test
    void bindingToSomethingElseThanCan() {
        CanInterfaceException e = classify(Step.BIND, 19);
        assertThat(e.reason()).isEqualTo(Reason.NOT_A_CAN_INTERFACE);
        assertThat(e.getMessage()).contains("can0 is not a CAN interface");
    }

    @Test
    void interfaceDownWhileReading() {
        CanInterfaceException e = classify(Step.READ, 100);
        assertThat(e.reason()).isEqualTo(Reason.INTERFACE_DOWN);
        assertThat(e.getMessage()).isEqualTo(
                "reading CAN interface can0: can0 is down (ip link set can0 up type can bitrate 500000)");
    }

    @Test
    void noCanFd() {
        assertThat(classify(Step.ENABLE_FD, 92).reason()).isEqualTo(Reason.NO_CAN_FD);
    }

    @Test
    void anythingElseKeepsTheSystemsTextOnOneLine() {
        CanInterfaceException e = SocketCanErrors.classify("can0", Step.SET_FILTERS, 12, "Cannot\nallocate memory",
                null);
        assertThat(e.reason()).isEqualTo(Reason.OTHER);
        assertThat(e.errno()).isEqualTo(12);
        assertThat(e.getMessage()).isEqualTo(
                "cannot open CAN interface can0: setting the receive filters failed: Cannot allocate memory (errno 12)");
    }

    @Test
    void missingNativeLibraryNamesTheCpu() {
        CanInterfaceException e = SocketCanErrors.nativeLibrary("can0", "aarch64",
                new UnsatisfiedLinkError("no javacan-core in java.library.path"));
        assertThat(e.reason()).isEqualTo(Reason.NATIVE_LIBRARY);
        assertThat(e.getMessage()).contains("os.arch=aarch64").doesNotContain("\n");
    }
}
