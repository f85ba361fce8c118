package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same worklist flow on a Kafka container and a PostgreSQL container. Where no Docker engine
 * answers, JUnit reports the class as skipped before Quarkus or any container starts.
 */
@Testcontainers(disabledWithoutDocker = true)
@QuarkusTest
@QuarkusTestResource(value = WorklistContainerResources.class, restrictToAnnotatedClass = true)
class WorklistFlowContainersIT extends WorklistFlowContract {}
