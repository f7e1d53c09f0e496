package io.voltrace.edge.agent;

import io.voltrace.edge.can.CanFrameSource;
import io.voltrace.edge.dbc.DbcDatabase;
import java.io.IOException;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Where {@code can.source = simulator} gets its frames: the {@code voltrace-simulator} module implements this and is
 * found with {@link ServiceLoader}, so the production edge jar carries no simulator; the voltrace CLI has it.
 */
public interface SimulatorProvider {

    /**
     * A simulated BMS on the bus, speaking the reference DBC.
     *
     * @param startEpochMillis the first frame's time
     */
    CanFrameSource open(DbcDatabase dbc, AgentConfig.SimulatorConfig config, long startEpochMillis)
            throws IOException;

    /** The one on the class path; an IOException that says what to install if there is none. */
    static SimulatorProvider load() throws IOException {
        Iterator<SimulatorProvider> found = ServiceLoader.load(SimulatorProvider.class).iterator();
        if (!found.hasNext()) {
            throw new IOException("can.source = simulator needs the voltrace-simulator module on the class path; "
                    + "run the agent from the voltrace CLI (./voltrace edge), or use can.source = socketcan or replay");
        }
        return found.next();
    }
}
