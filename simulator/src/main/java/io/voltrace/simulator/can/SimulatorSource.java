package io.voltrace.simulator.can;

import io.voltrace.common.chemistry.Chemistry;
import io.voltrace.edge.agent.AgentConfig;
import io.voltrace.edge.agent.SimulatorProvider;
import io.voltrace.edge.can.CanFrameSource;
import io.voltrace.edge.dbc.DbcDatabase;
import io.voltrace.simulator.pack.PackSpec;

/** The edge agent's {@code can.source = simulator}: an NMC pack as {@code can.simulator.*} describes it. */
public final class SimulatorSource implements SimulatorProvider {
    @Override
    public CanFrameSource open(DbcDatabase dbc, AgentConfig.SimulatorConfig c, long startEpochMillis) {
        return new BmsSimulator(dbc, new PackSpec(Chemistry.NMC, c.cells(), c.nominalAh(), c.soh(), c.climateC(),
                c.seed()), startEpochMillis, c.days());
    }
}
