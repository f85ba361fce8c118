package org.osteon.streams.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.osteon.schemas.topic.Topic;

/** How every step attaches to a registered topic, so serdes always come from the topic registry. */
final class Wiring {

    private Wiring() {
    }

    /**
     * Reads values as raw bytes: the step decodes them itself, so an undecodable record becomes a
     * dead letter instead of stopping the stream.
     */
    static void rawSource(Topology topology, String name, Topic<String, ?> topic) {
        topology.addSource(name, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topic.name());
    }

    static <V> void sink(Topology topology, String name, Topic<String, V> topic, String... parents) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parents);
    }
}
