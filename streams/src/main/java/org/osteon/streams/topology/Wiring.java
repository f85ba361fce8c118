package org.osteon.streams.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.osteon.schemas.topic.Topic;

/** How every step attaches to a registered topic, so serdes always come from the topic registry. */
final class Wiring {

    private Wiring() {}

    /**
     * Reads values as raw bytes: the step decodes them itself, so an undecodable record becomes a
     * dead letter instead of stopping the stream.
     *
     * <p>Kafka Streams allows one source node per topic. When another step (the analytics job, built
     * with the DSL before the others) already reads the topic, its source node, which also reads raw
     * bytes with string keys, is returned instead of adding a second one.
     *
     * @return the name of the source node to attach processors to
     */
    static String rawSource(Topology topology, String name, Topic<String, ?> topic) {
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source
                        && source.topicSet() != null
                        && source.topicSet().contains(topic.name())) {
                    return source.name();
                }
            }
        }
        topology.addSource(
                name, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topic.name());
        return name;
    }

    static <V> void sink(Topology topology, String name, Topic<String, V> topic, String... parents) {
        topology.addSink(
                name,
                topic.name(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer(),
                parents);
    }
}
