package org.osteon.streams.topology;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import org.apache.kafka.streams.Topology;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.streams.config.OsteonConfig;
import org.osteon.streams.deid.Deidentification;

/** The one Kafka Streams topology of this app: de-identification, then gating. Builds, nothing else. */
@Singleton
public class TopologyProducer {

    private final DeidentifyStep deidentify;
    private final GateStep gate;

    @Inject
    public TopologyProducer(OsteonConfig config, Pseudonymizer pseudonymizer) {
        this(new Deidentification(pseudonymizer, config.store().phiRoot(), config.store().researchRoot(), Clock.systemUTC()),
                Clock.systemUTC());
    }

    /** For tests: the same topology over a given store and clock. */
    public TopologyProducer(Deidentification deidentification, Clock clock) {
        this.deidentify = new DeidentifyStep(deidentification, clock);
        this.gate = new GateStep(clock);
    }

    @Produces
    public Topology topology() {
        Topology topology = new Topology();
        deidentify.addTo(topology);
        gate.addTo(topology);
        return topology;
    }
}
