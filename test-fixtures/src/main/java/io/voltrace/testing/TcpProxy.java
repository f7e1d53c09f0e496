package io.voltrace.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A TCP forwarder between a client and a server on loopback that counts the bytes each way, can cut every connection
 * at once (as a tunnel or a dead link would) and can refuse new ones for a while. A tap sees the client's bytes
 * ({@link MqttPublishTap} reads MQTT from them). While the server is down, connections are accepted and closed at once;
 * when it is back, they are forwarded again.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong upstream = new AtomicLong();
    private final AtomicLong downstream = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean refusing;
    private volatile boolean closed;
    private volatile Supplier<Consumer<byte[]>> upstreamTap;

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "proxy-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Bytes from clients to the server. */
    public long upstreamBytes() {
        return upstream.get();
    }

    /** Bytes from the server to clients. */
    public long downstreamBytes() {
        return downstream.get();
    }

    public long connections() {
        return connections.get();
    }

    /** For each new connection, a consumer that sees every chunk the client sends on it, in order. */
    public void tapUpstream(Supplier<Consumer<byte[]>> tap) {
        this.upstreamTap = tap;
    }

    /** Drops every open connection abruptly, without a goodbye on either side. */
    public void cut() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        sockets.clear();
    }

    /** While refusing, new connections are closed as soon as they are accepted. */
    public void refuse(boolean refuse) {
        this.refusing = refuse;
        if (refuse) {
            cut();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket target = new Socket();
                try {
                    target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                } catch (IOException serverDown) {
                    client.close(); // the server is down: so is the client's connection, as without a proxy
                    continue;
                }
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(target);
                connections.incrementAndGet();
                Supplier<Consumer<byte[]>> tap = upstreamTap;
                pump(client, target, upstream, tap == null ? null : tap.get());
                pump(target, client, downstream, null);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter, Consumer<byte[]> tap) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (tap != null) {
                        tap.accept(java.util.Arrays.copyOf(buf, n));
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    counter.addAndGet(n);
                }
            } catch (IOException ignored) {
                // the other side went away, or the proxy cut
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cut();
    }
}
