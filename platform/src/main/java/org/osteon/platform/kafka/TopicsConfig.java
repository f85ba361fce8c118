package org.osteon.platform.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Creation of Osteon's topics at start-up. */
@ConfigMapping(prefix = "osteon.topics")
public interface TopicsConfig {
    /** Whether to create missing Osteon topics at start-up. */
    @WithDefault("true")
    boolean create();

    /** Partitions of each topic created. */
    @WithDefault("3")
    @Min(1)
    int partitions();

    /** Replication factor of each topic created; 1 for the single-node demo broker. */
    @WithDefault("1")
    @Min(1)
    @Max(32767)
    short replicationFactor();
}
