package org.osteon.scoring.it;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The scoring contract on an in-JVM KRaft broker (KafkaClusterTestKit). */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class ScoringIT extends ScoringContract {
}
