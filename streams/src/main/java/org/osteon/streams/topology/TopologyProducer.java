package org.osteon.streams.topology;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.jboss.logging.Logger;
import org.osteon.platform.store.StoreConfig;
import org.osteon.platform.trace.StudyTracer;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.streams.analytics.AnalyticsSettings;
import org.osteon.streams.analytics.TriageGauges;
import org.osteon.streams.config.StreamsConfig;
import org.osteon.streams.deid.Deidentification;
import org.osteon.streams.deid.Deidentifier;
import org.osteon.streams.deid.profile.DeidProfile;

/**
 * The one Kafka Streams topology of this app: de-identification, gating, analytics. Builds, nothing else.
 * Studies are not aggregated here: the worklist folds image decisions into a study's outcome itself
 * (worklist-adapter's {@code StudyAggregation}, docs/architecture.md).
 */
@Singleton
public class TopologyProducer {

    private static final Logger LOG = Logger.getLogger(TopologyProducer.class);

    private final DeidentifyStep deidentify;
    private final GateStep gate;
    /** Null when osteon.analytics.enabled is false. */
    private final AnalyticsStep analytics;

    @Inject
    public TopologyProducer(
            StreamsConfig config,
            StoreConfig store,
            Pseudonymizer pseudonymizer,
            TriageGauges gauges,
            StudyTracer tracer)
            throws IOException {
        this(
                new Deidentification(
                        pseudonymizer,
                        deidentifier(config.deid(), pseudonymizer),
                        store.phiRoot(),
                        store.researchRoot().orElseThrow(),
                        Clock.systemUTC(),
                        config.site().orElse(null)),
                Clock.systemUTC(),
                config.analytics().enabled()
                        ? new AnalyticsStep(
                                AnalyticsSettings.of(config.analytics()),
                                gauges,
                                config.gate().studyRetention())
                        : null,
                tracer);
    }

    /** For tests: the same topology over a given store and clock, with analytics at their defaults. */
    public TopologyProducer(
            Deidentification deidentification, Clock clock, Duration studyRetention, TriageGauges gauges) {
        this(deidentification, clock, studyRetention, gauges, StudyTracer.noop());
    }

    /** For tests: the same topology, traced by {@code tracer}. */
    public TopologyProducer(
            Deidentification deidentification,
            Clock clock,
            Duration studyRetention,
            TriageGauges gauges,
            StudyTracer tracer) {
        this(deidentification, clock, new AnalyticsStep(AnalyticsSettings.DEFAULTS, gauges, studyRetention), tracer);
    }

    /** For tests: the same topology over a given store and clock; {@code analytics} null leaves them out. */
    TopologyProducer(Deidentification deidentification, Clock clock, AnalyticsStep analytics) {
        this(deidentification, clock, analytics, StudyTracer.noop());
    }

    /** For tests: the same topology, traced; {@code analytics} null leaves them out. */
    TopologyProducer(Deidentification deidentification, Clock clock, AnalyticsStep analytics, StudyTracer tracer) {
        this.deidentify = new DeidentifyStep(deidentification, clock, tracer);
        this.gate = new GateStep(clock, tracer);
        this.analytics = analytics;
    }

    /** The configured profile and options; a bad profile file or an unknown option stops start-up here. */
    private static Deidentifier deidentifier(StreamsConfig.Deid deid, Pseudonymizer pseudonymizer) throws IOException {
        DeidProfile profile =
                deid.profile().isPresent() ? DeidProfile.load(deid.profile().get()) : DeidProfile.loadDefault();
        Deidentifier deidentifier = Deidentification.deidentifier(
                pseudonymizer,
                profile,
                deid.options().orElse(null),
                deid.maxDateShiftDays(),
                deid.aggregateAgesOver89());
        LOG.infof(
                "de-identification profile %s %s with options %s",
                profile.id(), profile.version(), deidentifier.options());
        return deidentifier;
    }

    /** The topology Quarkus runs: de-identification, gating and analytics. */
    @Produces
    public Topology topology() {
        // The analytics job needs a repartition topic, which only the DSL can declare; it is built first
        // and the Processor API steps attach to its source nodes for the topics they share (Wiring.rawSource).
        StreamsBuilder builder = new StreamsBuilder();
        if (analytics != null) {
            analytics.addTo(builder);
        }
        Topology topology = builder.build();
        deidentify.addTo(topology);
        gate.addTo(topology);
        return topology;
    }
}
