package org.osteon.worklist.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once both consumer loops own their partitions, so a study sent now is handled now. */
@Readiness
@ApplicationScoped
class IngestReadiness implements HealthCheck {

    @Inject
    IngestLifecycle ingest;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("osteon-worklist-ingest")
                .status(ingest.allJoined())
                .build();
    }
}
