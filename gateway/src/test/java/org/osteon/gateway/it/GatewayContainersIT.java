package org.osteon.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same gateway contract on an Apache Kafka container. Where no Docker engine answers, JUnit
 * reports the class as skipped before Quarkus or any container starts.
 */
@Testcontainers(disabledWithoutDocker = true)
@QuarkusTest
@QuarkusTestResource(value = KafkaContainerAndStoresResource.class, restrictToAnnotatedClass = true)
class GatewayContainersIT extends GatewayContract {}
