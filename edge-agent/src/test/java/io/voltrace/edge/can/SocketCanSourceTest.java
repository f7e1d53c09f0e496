package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.voltrace.edge.can.CanInterfaceException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Opens a real SocketCAN socket through JavaCAN. Where the kernel has no CAN (this project's machines: no vcan, no
 * AF_CAN) opening must fail with one line naming the interface and saying so; where it has CAN, an interface that does
 * not exist must be named as missing.
 */
class SocketCanSourceTest {

    static boolean kernelMayHaveCan() {
        String release = System.getProperty("os.version");
        return Files.exists(Path.of("/proc/net/can"))
                || Files.isDirectory(Path.of("/lib/modules", release, "kernel/net/can"));
    }

    @Test
    void openingFailsWithOneClearLine() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "SocketCAN is Linux only");
        CanInterfaceException e = catchThrowableOfType(CanInterfaceException.class, () -> SocketCanSource.open(
                new SocketCanSource.Config("can0", true, List.of(new KernelFilter.Id(0x1DB, false)))));
        assertThat(e).as("opening can0 must fail here").isNotNull();
        System.out.println("SocketCAN on this machine: " + e.getMessage());
        assertThat(e.getMessage()).doesNotContain("\n").contains("can0");
        assertThat(e.interfaceName()).isEqualTo("can0");
        if (kernelMayHaveCan()) {
            assertThat(e.reason()).isIn(Reason.NO_SUCH_INTERFACE, Reason.PERMISSION_DENIED, Reason.NO_RAW_CAN);
        } else {
            assertThat(e.reason()).isEqualTo(Reason.NO_CAN_IN_KERNEL);
            assertThat(e.errno()).isEqualTo(97);
            assertThat(e.getMessage()).isEqualTo("cannot open CAN interface can0: this kernel has no CAN support"
                    + " (address family not supported, errno 97); load can/can-raw or use a replay source");
        }
    }
}
