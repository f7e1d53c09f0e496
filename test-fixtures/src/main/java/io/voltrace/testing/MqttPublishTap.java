package io.voltrace.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Reads the MQTT 5 PUBLISH packets a client sends, from a {@link TcpProxy} tap: enough of the protocol to see what
 * went over the wire, in the order it went, across reconnections.
 */
public final class MqttPublishTap {
    /** One PUBLISH as sent: topic, payload and its size on the wire (fixed header included). */
    public record Publish(String topic, byte[] payload, int wireBytes, boolean duplicate) {
    }

    private final List<Publish> publishes = new CopyOnWriteArrayList<>();

    /** A tap reading every connection the proxy forwards from now on. */
    public static MqttPublishTap on(TcpProxy proxy) {
        MqttPublishTap tap = new MqttPublishTap();
        proxy.tapUpstream(tap::newConnection);
        return tap;
    }

    public List<Publish> publishes() {
        return publishes;
    }

    /** A parser for one connection's client-to-server bytes. */
    public Consumer<byte[]> newConnection() {
        return new Consumer<>() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
            private final java.util.Map<Integer, String> aliases = new java.util.HashMap<>();

            @Override
            public void accept(byte[] chunk) {
                pending.write(chunk, 0, chunk.length);
                byte[] b = pending.toByteArray();
                int pos = 0;
                while (true) {
                    if (b.length - pos < 2) {
                        break;
                    }
                    int type = (b[pos] & 0xF0) >> 4;
                    int flags = b[pos] & 0x0F;
                    long remaining = 0;
                    int i = pos + 1;
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
                        publishes.add(parsePublish(b, i, (int) remaining, flags, i - pos + (int) remaining, aliases));
                    }
                    pos = i + (int) remaining;
                }
                pending.reset();
                pending.write(b, pos, b.length - pos);
            }
        };
    }

    /** Parses a PUBLISH, resolving MQTT 5 topic aliases (Paho uses them when the broker allows). */
    private static Publish parsePublish(byte[] b, int start, int length, int flags, int wireBytes,
                                        java.util.Map<Integer, String> aliases) {
        int p = start;
        int topicLength = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        p += 2;
        String topic = new String(b, p, topicLength, StandardCharsets.UTF_8);
        p += topicLength;
        int qos = (flags >> 1) & 3;
        if (qos > 0) {
            p += 2;
        }
        // MQTT 5 properties: a variable byte integer length, then the properties.
        int propertiesLength = 0;
        int shift = 0;
        while (true) {
            int v = b[p++] & 0xFF;
            propertiesLength |= (v & 0x7F) << shift;
            shift += 7;
            if ((v & 0x80) == 0) {
                break;
            }
        }
        int end = p + propertiesLength;
        while (p < end) {
            int id = b[p++] & 0xFF;
            switch (id) {
                case 0x01 -> p += 1;
                case 0x02 -> p += 4;
                case 0x23 -> {
                    int alias = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                    p += 2;
                    if (topic.isEmpty()) {
                        topic = aliases.getOrDefault(alias, "");
                    } else {
                        aliases.put(alias, topic);
                    }
                }
                case 0x03, 0x08, 0x09 -> p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                case 0x26 -> {
                    p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                    p += 2 + (((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF));
                }
                default -> p = end; // not sent by this client; skip the rest
            }
        }
        p = end;
        byte[] payload = java.util.Arrays.copyOfRange(b, p, start + length);
        return new Publish(topic, payload, wireBytes, (flags & 0x08) != 0);
    }
}
