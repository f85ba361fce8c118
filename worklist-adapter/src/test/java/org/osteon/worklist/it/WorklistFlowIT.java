package org.osteon.worklist.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The worklist flow on an in-JVM KRaft broker (KafkaClusterTestKit) and embedded PostgreSQL (zonky). */
@QuarkusTest
@QuarkusTestResource(value = WorklistTestResources.class, restrictToAnnotatedClass = true)
class WorklistFlowIT extends WorklistFlowContract {}
