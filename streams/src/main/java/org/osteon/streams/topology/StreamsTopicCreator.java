package org.osteon.streams.topology;

import jakarta.enterprise.context.ApplicationScoped;
import org.osteon.platform.kafka.TopicCreator;

/**
 * Streams creates missing topics at start-up (unless {@code osteon.topics.create=false}), before Quarkus
 * starts the topology, which waits for its source topics.
 */
@ApplicationScoped
class StreamsTopicCreator extends TopicCreator {}
