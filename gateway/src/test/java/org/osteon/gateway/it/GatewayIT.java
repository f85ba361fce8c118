package org.osteon.gateway.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway contract on an in-JVM KRaft broker (KafkaClusterTestKit). */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndStoresResource.class, restrictToAnnotatedClass = true)
class GatewayIT extends GatewayContract {}
