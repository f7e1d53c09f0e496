package io.voltrace.cli.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder between the agent and the ingest on loopback that reads the MQTT 5 PUBLISH packets the agent sends,
 * so a test can see what went over the wire and in which order. It follows the ingest going away and coming back.
 */
final class WireTap implements AutoCloseable {
    record Publish(String topic, byte[] payload) {
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Publish> publishes = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    WireTap(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "tap-accept");
        t.setDaemon(true);
        t.start();
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    List<Publish> publishes() {
        return publishes;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket target = new Socket();
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                sockets.add(client);
                sockets.add(target);
                pump(client, target, new Parser());
                pump(target, client, null);
            } catch (IOException e) {
                close(client); // the ingest is down: so is the agent's connection
            }
        }
    }

    private void pump(Socket from, Socket to, Parser parser) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (parser != null) {
                        parser.accept(Arrays.copyOf(buf, n));
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        }, "tap-pump");
        t.setDaemon(true);
        t.start();
    }

    /** One connection's client-to-server byte stream, cut into MQTT packets; keeps the PUBLISHes. */
    private final class Parser {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final Map<Integer, String> aliases = new HashMap<>();

        void accept(byte[] chunk) {
            pending.write(chunk, 0, chunk.length);
            byte[] b = pending.toByteArray();
            int pos = 0;
            while (b.length - pos >= 2) {
                int type = (b[pos] & 0xF0) >> 4;
                int flags = b[pos] & 0x0F;
                int i = pos + 1;
                long remaining = 0;
                int shift = 0;
                boolean complete = false;
                while (i < b.length && shift <= 21) {
                    int v = b[i++] & 0xFF;
                    remaining |= (long) (v & 0x7F) << shift;
                    shift += 7;
                    if ((v & 0x80) == 0) {
                        complete = true;
                        break;
                    }
                }
                if (!complete || b.length - i < remaining) {
                    break;
                }
                if (type == 3) {
                    publishes.add(parse(b, i, (int) remaining, flags));
                }
                pos = i + (int) remaining;
            }
            pending.reset();
            pending.write(b, pos, b.length - pos);
        }

        private Publish parse(byte[] b, int start, int length, int flags) {
            int p = start;
            int topicLength = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
            String topic = new String(b, p + 2, topicLength, StandardCharsets.UTF_8);
            p += 2 + topicLength + (((flags >> 1) & 3) > 0 ? 2 : 0);
            int propertiesLength = 0;
            int shift = 0;
            int v;
            do {
                v = b[p++] & 0xFF;
                propertiesLength |= (v & 0x7F) << shift;
                shift += 7;
            } while ((v & 0x80) != 0);
            int end = p + propertiesLength;
            while (p < end) {
                int id = b[p++] & 0xFF;
                if (id == 0x01) {
                    p += 1;
                } else if (id == 0x23) {
                    int alias = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                    p += 2;
                    if (topic.isEmpty()) {
                        topic = aliases.getOrDefault(alias, "");
                    } else {
                        aliases.put(alias, topic);
                    }
                } else if (id == 0x03) {
                    p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                } else {
                    p = end;
                }
            }
            return new Publish(topic, Arrays.copyOfRange(b, end, start + length));
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(WireTap::close);
    }
}
