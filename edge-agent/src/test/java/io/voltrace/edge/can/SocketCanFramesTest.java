package io.voltrace.edge.can;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The kernel's frame structs as a raw socket returns them, built by hand. */
class SocketCanFramesTest {

    static ByteBuffer kernelFrame(int mtu, int rawId, int len, int... data) {
        ByteBuffer b = ByteBuffer.allocateDirect(mtu).order(ByteOrder.nativeOrder());
        b.putInt(0, rawId);
        b.put(4, (byte) len);
        for (int i = 0; i < data.length; i++) {
            b.put(8 + i, (byte) data[i]);
        }
        return b;
    }

    @Test
    void classicStandardFrame() {
        CanFrame f = SocketCanFrames.fromKernel(kernelFrame(16, 0x1DB, 3, 0x12, 0x34, 0xAB), 16, 42);
        assertThat(f).isEqualTo(new CanFrame(42, 0x1DB, false, false, new byte[] {0x12, 0x34, (byte) 0xAB}, 3));
    }

    @Test
    void extendedIdLosesItsFlag() {
        CanFrame f = SocketCanFrames.fromKernel(kernelFrame(16, 0x8000_0000 | 0x16A954A6, 8, 1, 2, 3, 4, 5, 6, 7, 8),
                16, 7);
        assertThat(f.extended()).isTrue();
        assertThat(f.id()).isEqualTo(0x16A954A6);
        assertThat(f.byteAt(7)).isEqualTo(8);
    }

    @Test
    void canFdFrameOf64Bytes() {
        int[] data = new int[64];
        for (int i = 0; i < 64; i++) {
            data[i] = i;
        }
        CanFrame f = SocketCanFrames.fromKernel(kernelFrame(72, 0x123, 64, data), 72, 1);
        assertThat(f.fd()).isTrue();
        assertThat(f.length()).isEqualTo(64);
        assertThat(f.byteAt(63)).isEqualTo(63);
    }

    @Test
    void errorAndRemoteFramesAreNotDataFrames() {
        assertThat(SocketCanFrames.fromKernel(kernelFrame(16, 0x2000_0004, 8), 16, 1)).isNull();
        assertThat(SocketCanFrames.fromKernel(kernelFrame(16, 0x4000_0123, 0), 16, 1)).isNull();
    }

    @Test
    void impossibleReadsAreRefused() {
        assertThatThrownBy(() -> SocketCanFrames.fromKernel(kernelFrame(16, 0x123, 9), 16, 1))
                .hasMessageContaining("length 9");
        assertThatThrownBy(() -> SocketCanFrames.fromKernel(kernelFrame(16, 0x123, 1), 12, 1))
                .hasMessageContaining("read 12 bytes");
    }

    @Test
    void kernelTimestampWinsOverReceiveTime() {
        assertThat(SocketCanFrames.timestampMicros(1_700_000_000L, 123_456_789L, 5))
                .isEqualTo(1_700_000_000_123_456L);
        assertThat(SocketCanFrames.timestampMicros(0, 0, 5)).as("no kernel timestamp").isEqualTo(5);
    }
}
