package io.voltrace.ingest.intake;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * MQTT packets as bytes, and a socket that speaks them, for what a well-behaved client library will not send (QoS 2
 * to a server that said Maximum QoS 1, oversized packets, garbage).
 */
final class RawMqtt implements AutoCloseable {
    /** A packet read back: its type (high nibble of the first byte), flags and body. */
    record Packet(int type, int flags, byte[] body) {
        int reasonCode() {
            return body.length == 0 ? 0 : body[0] & 0xFF;
        }
    }

    static final int CONNACK = 2;
    static final int PUBACK = 4;
    static final int SUBACK = 9;
    static final int DISCONNECT = 14;

    private final Socket socket;
    private final DataInputStream in;

    RawMqtt(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] packet) throws IOException {
        socket.getOutputStream().write(packet);
        socket.getOutputStream().flush();
    }

    /** The next packet, or null when the server closed the connection. */
    Packet read() throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            throw new IOException("no packet within 10 s", e);
        }
        if (first < 0) {
            return null;
        }
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first >> 4, first & 0x0F, body);
    }

    /** True when the server closed the connection (reads to the end, ignoring what else it sent). */
    boolean closedByServer() throws IOException {
        try {
            while (read() != null) {
                // drain
            }
            return true;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // --- encoding ---

    static byte[] connect(int version, String clientId, String user, String password) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, "MQTT");
        v.write(version);
        int flags = 0x02; // clean start
        if (user != null) {
            flags |= 0x80;
        }
        if (password != null) {
            flags |= 0x40;
        }
        v.write(flags);
        v.write(0);
        v.write(60); // keep alive
        if (version >= 5) {
            v.write(0); // no properties
        }
        string(v, clientId);
        if (user != null) {
            string(v, user);
        }
        if (password != null) {
            string(v, password);
        }
        return packet(0x10, v.toByteArray());
    }

    static byte[] publish(int version, int qos, String topic, int packetId, byte[] payload) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        string(v, topic);
        if (qos > 0) {
            v.write(packetId >> 8);
            v.write(packetId);
        }
        if (version >= 5) {
            v.write(0);
        }
        v.writeBytes(payload);
        return packet(0x30 | (qos << 1), v.toByteArray());
    }

    static byte[] subscribe(int version, int packetId, String... filters) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId);
        if (version >= 5) {
            v.write(0);
        }
        for (String f : filters) {
            string(v, f);
            v.write(1);
        }
        return packet(0x82, v.toByteArray());
    }

    /** The fixed header of a packet announcing {@code remaining} bytes, without them. */
    static byte[] header(int firstByte, int remaining) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        varint(out, remaining);
        return out.toByteArray();
    }

    static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(firstByte, body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    static void varint(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.write(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    /** An MQTT 5 property of a CONNACK body (after flags and reason code), or -1 when absent. */
    static long connackProperty(byte[] connackBody, int id) {
        int[] pos = {2};
        int length = readVarint(connackBody, pos);
        int end = pos[0] + length;
        while (pos[0] < end) {
            int prop = connackBody[pos[0]++] & 0xFF;
            switch (prop) {
                case 0x24, 0x25, 0x28, 0x29, 0x2A, 0x01, 0x17, 0x19 -> { // byte
                    int value = connackBody[pos[0]++] & 0xFF;
                    if (prop == id) {
                        return value;
                    }
                }
                case 0x21, 0x22, 0x13 -> { // two-byte integer
                    int value = ((connackBody[pos[0]] & 0xFF) << 8) | (connackBody[pos[0] + 1] & 0xFF);
                    pos[0] += 2;
                    if (prop == id) {
                        return value;
                    }
                }
                case 0x27, 0x11, 0x02 -> { // four-byte integer
                    long value = ((long) (connackBody[pos[0]] & 0xFF) << 24) | ((connackBody[pos[0] + 1] & 0xFF) << 16)
                            | ((connackBody[pos[0] + 2] & 0xFF) << 8) | (connackBody[pos[0] + 3] & 0xFF);
                    pos[0] += 4;
                    if (prop == id) {
                        return value;
                    }
                }
                default -> { // strings and binary data (a user property is two strings)
                    for (int n = prop == 0x26 ? 2 : 1; n > 0; n--) {
                        int len = ((connackBody[pos[0]] & 0xFF) << 8) | (connackBody[pos[0] + 1] & 0xFF);
                        pos[0] += 2 + len;
                    }
                }
            }
        }
        return -1;
    }

    private static int readVarint(byte[] b, int[] pos) {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[pos[0]++] & 0xFF;
            value |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return value;
            }
        }
    }
}
