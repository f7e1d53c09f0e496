package io.voltrace.edge.can;

import io.voltrace.edge.can.SocketCanErrors.Step;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tel.schich.javacan.CanChannels;
import tel.schich.javacan.CanFilter;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.CanSocketOptions.TimestampingFlag;
import tel.schich.javacan.CanSocketOptions.TimestampingFlagSet;
import tel.schich.javacan.JavaCAN;
import tel.schich.javacan.NetworkDevice;
import tel.schich.javacan.RawCanChannel;
import tel.schich.javacan.RawReceiveMessageHeaderBuffer;
import tel.schich.javacan.platform.linux.LinuxNativeOperationException;

/**
 * Live frames from a SocketCAN interface through JavaCAN: a raw CAN socket, CAN FD when asked, kernel filters for the
 * ids wanted, and the kernel's receive timestamp on each frame (the time of the read where the kernel gives none).
 * This is the only class that touches JavaCAN; frame layout, filters and errors live in {@link SocketCanFrames},
 * {@link KernelFilter} and {@link SocketCanErrors}.
 *
 * <p>{@link #next()} blocks until a frame arrives and returns null once {@link #close()} was called, from any thread:
 * the socket wakes up every {@value #POLL_MILLIS} ms to notice. Error and remote frames are skipped and counted.
 */
public final class SocketCanSource implements CanFrameSource, CanFrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(SocketCanSource.class);
    static final int POLL_MILLIS = 250;

    /**
     * @param interfaceName e.g. {@code can0} or {@code vcan0}
     * @param canFd         also receive CAN FD frames (the interface must be FD-capable to carry them)
     * @param acceptIds     the message ids to receive; empty receives every frame
     */
    public record Config(String interfaceName, boolean canFd, List<KernelFilter.Id> acceptIds) {
        public Config {
            if (interfaceName == null || interfaceName.isBlank()) {
                throw new IllegalArgumentException("no interface name");
            }
            acceptIds = List.copyOf(acceptIds);
        }
    }

    private final Config config;
    private final RawCanChannel channel;
    private final ByteBuffer buffer;
    private final RawReceiveMessageHeaderBuffer header;
    private volatile boolean closed;
    private long frames;
    private long skippedFrames;
    private int kernelDrops;

    private SocketCanSource(Config config, RawCanChannel channel) {
        this.config = config;
        this.channel = channel;
        this.buffer = RawCanChannel.allocateSufficientMemory();
        this.header = new RawReceiveMessageHeaderBuffer();
    }

    /**
     * Opens and binds the socket.
     *
     * @throws CanInterfaceException with a one-line message naming the interface and the cause
     */
    public static SocketCanSource open(Config config) throws CanInterfaceException {
        String name = config.interfaceName();
        try {
            JavaCAN.initialize();
        } catch (LinkageError | RuntimeException e) {
            throw SocketCanErrors.nativeLibrary(name, System.getProperty("os.arch"), e);
        }
        RawCanChannel channel;
        try {
            channel = CanChannels.newRawChannel();
        } catch (IOException e) {
            throw failure(name, Step.CREATE_SOCKET, e);
        }
        Step step = Step.LOOKUP_INTERFACE;
        try {
            NetworkDevice device = NetworkDevice.lookup(name);
            if (config.canFd()) {
                step = Step.ENABLE_FD;
                channel.setOption(CanSocketOptions.FD_FRAMES, true);
            }
            if (!config.acceptIds().isEmpty()) {
                step = Step.SET_FILTERS;
                List<KernelFilter> filters = KernelFilter.forIds(config.acceptIds());
                channel.setOption(CanSocketOptions.FILTER, filters.stream()
                        .map(f -> new CanFilter(f.canId(), f.mask())).toArray(CanFilter[]::new));
            }
            step = Step.SET_OPTION;
            channel.setOption(CanSocketOptions.SO_RCVTIMEO, Duration.ofMillis(POLL_MILLIS));
            optional(channel, "kernel receive timestamps", () -> channel.setOption(CanSocketOptions.SO_TIMESTAMPING,
                    TimestampingFlagSet.of(TimestampingFlag.RX_SOFTWARE, TimestampingFlag.SOFTWARE)));
            optional(channel, "drop counting", () -> channel.setOption(CanSocketOptions.SO_RXQ_OVFL, true));
            step = Step.BIND;
            channel.bind(device);
        } catch (IOException e) {
            closeQuietly(channel);
            throw failure(name, step, e);
        }
        LOG.info("reading CAN interface {}{}, {}", name, config.canFd() ? " (CAN FD)" : "",
                config.acceptIds().isEmpty() ? "all ids" : config.acceptIds().size() + " ids filtered in the kernel");
        return new SocketCanSource(config, channel);
    }

    @Override
    public CanFrame next() throws IOException {
        while (!closed) {
            long bytes;
            try {
                buffer.clear();
                // Cleared first: a kernel that sends no timestamp leaves the field as it was.
                header.setSoftwareTimestamp(Instant.EPOCH);
                bytes = channel.receiveUnsafe(buffer, header);
            } catch (LinuxNativeOperationException e) {
                if (closed) {
                    return null;
                }
                if (e.mayTryAgain()) {
                    continue; // the receive timeout: look at the closed flag and wait again
                }
                throw SocketCanErrors.classify(config.interfaceName(), Step.READ, e.getErrorNumber(),
                        e.getErrorString(), e);
            } catch (IOException e) {
                if (closed) {
                    return null;
                }
                throw e;
            }
            kernelDrops = header.getDropCount();
            Instant kernelTime = header.getSoftwareTimestamp();
            long micros = SocketCanFrames.timestampMicros(kernelTime.getEpochSecond(), kernelTime.getNano(),
                    currentMicros());
            CanFrame frame;
            try {
                frame = SocketCanFrames.fromKernel(buffer, (int) bytes, micros);
            } catch (IllegalArgumentException e) {
                throw new IOException("reading CAN interface " + config.interfaceName() + ": " + e.getMessage(), e);
            }
            if (frame == null) {
                skippedFrames++;
                continue;
            }
            frames++;
            return frame;
        }
        return null;
    }

    /** Writes a frame (a diagnostic request, flow control) on the interface. */
    @Override
    public void send(CanFrame f) throws IOException {
        byte flags = f.fd() ? tel.schich.javacan.CanFrame.FD_FLAG_FD_FRAME : tel.schich.javacan.CanFrame.FD_NO_FLAGS;
        tel.schich.javacan.CanFrame frame = f.extended()
                ? tel.schich.javacan.CanFrame.createExtended(f.id(), flags, f.data(), 0, f.length())
                : tel.schich.javacan.CanFrame.create(f.id(), flags, f.data(), 0, f.length());
        try {
            channel.write(frame);
        } catch (LinuxNativeOperationException e) {
            throw SocketCanErrors.classify(config.interfaceName(), Step.WRITE, e.getErrorNumber(),
                    e.getErrorString(), e);
        }
    }

    @Override
    public String describe() {
        return "SocketCAN " + config.interfaceName() + (config.canFd() ? " (CAN FD)" : "");
    }

    /** Data frames returned so far. */
    public long frames() {
        return frames;
    }

    /** Error and remote frames received and skipped. */
    public long skippedFrames() {
        return skippedFrames;
    }

    /** Frames the kernel dropped because this socket's queue was full (SO_RXQ_OVFL), 0 where unsupported. */
    public long kernelDrops() {
        return Integer.toUnsignedLong(kernelDrops);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private static long currentMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private interface SocketCall {
        void run() throws IOException;
    }

    /** Options the source works without: if the kernel refuses one, say so once and carry on. */
    private static void optional(RawCanChannel channel, String what, SocketCall call) {
        try {
            call.run();
        } catch (IOException | RuntimeException e) {
            LOG.info("{}: {} unavailable ({}); going on without", channel, what, e.getMessage());
        }
    }

    private static CanInterfaceException failure(String name, Step step, IOException e) {
        if (e instanceof LinuxNativeOperationException n) {
            return SocketCanErrors.classify(name, step, n.getErrorNumber(), n.getErrorString(), e);
        }
        return new CanInterfaceException(name, CanInterfaceException.Reason.OTHER, 0,
                "cannot open CAN interface " + name + ": " + step.doing() + " failed: " + e.getMessage(), e);
    }

    private static void closeQuietly(RawCanChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a half-opened CAN socket", e);
        }
    }
}
