package io.voltrace.edge.can;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A CAN bus inside one process, for tests and simulations where there is no (v)can interface: a frame sent by one
 * node is delivered, synchronously and in order, to every other node, as a real bus does (a sender does not receive
 * its own frames, like a SocketCAN socket without {@code CAN_RAW_RECV_OWN_MSGS}). Counts the frames it carried.
 */
public final class InProcessCanBus {

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private long frames;

    /** One station on the bus: it receives through {@code receiver} and sends through the returned sink. */
    public final class Node implements CanFrameSink {
        private final String name;
        private final Consumer<CanFrame> receiver;

        private Node(String name, Consumer<CanFrame> receiver) {
            this.name = name;
            this.receiver = receiver;
        }

        @Override
        public void send(CanFrame frame) {
            synchronized (InProcessCanBus.this) {
                frames++;
                for (Node n : nodes) {
                    if (n != this) {
                        n.receiver.accept(frame);
                    }
                }
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Attaches a station; frames others send reach {@code receiver}. */
    public Node attach(String name, Consumer<CanFrame> receiver) {
        Node n = new Node(name, receiver);
        nodes.add(n);
        return n;
    }

    /** Frames carried so far. */
    public synchronized long frames() {
        return frames;
    }
}
