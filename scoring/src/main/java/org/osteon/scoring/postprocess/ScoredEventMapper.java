package org.osteon.scoring.postprocess;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographScored;
import org.osteon.schemas.Provenance;
import org.osteon.scoring.inference.Prediction;
import org.osteon.scoring.model.ModelDescriptor;

/**
 * Post-processing: one prediction plus the model's self-description becomes a {@link RadiographScored}.
 * Thresholds travel with the score so the gate always judges a score by the model that made it.
 */
public final class ScoredEventMapper {

    private final ModelDescriptor model;
    private final String executionProvider;
    private final String provenance;
    private final ModelRole role;

    public ScoredEventMapper(ModelDescriptor model, String executionProvider) {
        this(model, executionProvider, ModelRole.PRIMARY);
    }

    public ScoredEventMapper(ModelDescriptor model, String executionProvider, ModelRole role) {
        this.model = model;
        this.executionProvider = executionProvider;
        this.role = role;
        this.provenance = Provenance.NOT_FOR_CLINICAL_USE + " Model " + model.name() + " " + model.version() + ": "
                + model.provenance();
    }

    /**
     * @param millisPerImage wall time of the batch inference divided by its size
     * @param batchSize      images in that batch
     */
    public RadiographScored map(
            RadiographDeidentified input, Prediction p, double millisPerImage, int batchSize, Instant scoredAt) {
        return map(input, p, Map.of("infer", millisPerImage), batchSize, scoredAt, null);
    }

    /**
     * @param stageMillis per-image timings; {@code infer} is also the event's {@code inferenceMillis}
     * @param camUri      where the class-activation map was written, or null when it was not
     */
    public RadiographScored map(
            RadiographDeidentified input,
            Prediction p,
            Map<String, Double> stageMillis,
            int batchSize,
            Instant scoredAt,
            String camUri) {
        if (p.probabilities().length != model.labels().size()) {
            throw new IllegalArgumentException("prediction has " + p.probabilities().length + " probabilities for "
                    + model.labels().size() + " labels");
        }
        var t = model.thresholds();
        return RadiographScored.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(input.getReceivedAt())
                .setScoredAt(scoredAt)
                .setStudyKey(input.getStudyKey())
                .setInstanceKey(input.getInstanceKey())
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setLabels(model.labels())
                .setProbabilities(boxed(p.probabilities()))
                .setProbabilitySpread(boxed(p.spread()))
                .setMalignantProbability(p.probabilities()[model.malignantIndex()])
                .setUncertainty(p.uncertainty())
                .setEscalateThreshold(t.escalateMalignant())
                .setReviewUncertaintyThreshold(t.reviewUncertainty())
                .setAlpha(t.alpha())
                .setExecutionProvider(executionProvider)
                .setInferenceMillis(stageMillis.getOrDefault("infer", 0.0))
                .setBatchSize(batchSize)
                .setProvenance(provenance)
                .setModelRole(role.wireName())
                .setUncertaintyComponents(UncertaintyComponents.of(p.probabilities(), p.spread(), p.uncertainty()))
                .setCamUri(camUri)
                .setCamShape(
                        camUri == null
                                ? List.of()
                                : Arrays.stream(p.camShape()).boxed().toList())
                .setStageMillis(Map.copyOf(stageMillis))
                .setSite(input.getSite())
                .setObjectUri(input.getObjectUri())
                .build();
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
