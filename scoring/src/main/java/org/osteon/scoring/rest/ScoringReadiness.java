package org.osteon.scoring.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.pipeline.ScoringLoop;

/** Ready when the model is loaded and the scoring loop is consuming; a fenced or crashed loop is not ready. */
@Readiness
@ApplicationScoped
public class ScoringReadiness implements HealthCheck {

    @Inject
    Models models;

    @Inject
    ScoringLoop loop;

    @Override
    public HealthCheckResponse call() {
        OnnxModel model = models.primary().active();
        var builder = HealthCheckResponse.named("osteon-scoring")
                .withData(
                        "model",
                        model.descriptor().name() + " " + model.descriptor().version())
                .withData("executionProvider", model.executionProvider())
                .withData("loopRunning", loop.isRunning())
                .withData("joinedConsumerGroup", loop.hasJoinedGroup());
        models.shadow()
                .ifPresent(s -> builder.withData(
                                "shadowModel",
                                s.active().descriptor().name() + " "
                                        + s.active().descriptor().version())
                        .withData("shadowExecutionProvider", s.active().executionProvider()));
        if (loop.failure() != null) {
            builder.withData("failure", loop.failure());
        }
        return builder.status(loop.isRunning() && loop.hasJoinedGroup()).build();
    }
}
