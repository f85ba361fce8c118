package org.osteon.gateway.publish;

import jakarta.enterprise.context.ApplicationScoped;
import org.osteon.platform.kafka.TopicCreator;

/** The gateway creates missing topics at start-up (unless {@code osteon.topics.create=false}). */
@ApplicationScoped
class GatewayTopicCreator extends TopicCreator {}
