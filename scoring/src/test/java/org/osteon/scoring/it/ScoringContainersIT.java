package org.osteon.scoring.it;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same scoring contract on an Apache Kafka container. Where no Docker engine answers, JUnit
 * reports the class as skipped before Quarkus or any container starts.
 */
@Testcontainers(disabledWithoutDocker = true)
@QuarkusTest
@WithTestResource(KafkaContainerResource.class)
class ScoringContainersIT extends ScoringContract {}
