package org.osteon.scoring.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.osteon.schemas.Provenance;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.lifecycle.ModelSlot;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.model.PreprocessingSpec;
import org.osteon.scoring.model.Thresholds;
import org.osteon.scoring.model.TrainingInfo;
import org.osteon.scoring.postprocess.ModelRole;

/** What models this instance runs, on which execution provider, and the hot swap of a new version. */
@Path("/api/model")
public class ModelResource {

    private static final Logger LOG = Logger.getLogger(ModelResource.class);
    /** 422 Unprocessable Content: JAX-RS' Status enum has no constant for it. */
    private static final int UNPROCESSABLE = 422;

    /** The descriptor summary served as JSON; {@code staged} is a verified candidate not yet installed. */
    public record ModelSummary(String name, String version, int opset, List<String> inputs, List<String> labels,
            String malignantLabel, PreprocessingSpec preprocessing, Thresholds thresholds, String uncertaintyMethod,
            TrainingInfo training, String executionProvider, String modelDir, String modelProvenance, String provenance,
            String staged, ModelSummary shadow) {
    }

    /** {@code dir}: the model folder to load; {@code role}: {@code primary} (default) or {@code shadow}. */
    public record SwapRequest(String dir, String role) {
    }

    @Inject
    Models models;

    @Inject
    ScoringConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ModelSummary model() {
        return summary(models.primary(), models.shadow().map(ModelResource::summaryOf).orElse(null));
    }

    /**
     * Loads the folder, checks its golden vectors on this service's path, and stages it; the scoring loop
     * installs it before its next batch, and closes the old session after its last one. 202 with the
     * staged model; 422 when the folder is refused (the running model is untouched); 403 when
     * {@code osteon.scoring.model-swap-enabled} is off.
     */
    @POST
    @Path("/swap")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response swap(SwapRequest request) {
        if (!config.modelSwapEnabled()) {
            return error(Response.Status.FORBIDDEN.getStatusCode(),
                    "model swap is disabled (osteon.scoring.model-swap-enabled=false)");
        }
        if (request == null || request.dir() == null || request.dir().isBlank()) {
            return error(Response.Status.BAD_REQUEST.getStatusCode(), "body must name the model folder: {\"dir\": \"/path\"}");
        }
        ModelRole role;
        try {
            role = request.role() == null ? ModelRole.PRIMARY
                    : ModelRole.valueOf(request.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST.getStatusCode(), "role must be primary or shadow, was " + request.role());
        }
        try {
            ModelSlot slot = models.swap(role, java.nio.file.Path.of(request.dir()));
            return Response.accepted(summaryOf(slot)).build();
        } catch (RuntimeException e) {
            LOG.warnf("model swap to %s refused: %s", request.dir(), e.getMessage());
            return error(UNPROCESSABLE, "model refused, the running one is unchanged: "
                    + e.getMessage());
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    private static ModelSummary summaryOf(ModelSlot slot) {
        return summary(slot, null);
    }

    private static ModelSummary summary(ModelSlot slot, ModelSummary shadow) {
        OnnxModel model = slot.active();
        OnnxModel staged = slot.staged();
        ModelDescriptor d = model.descriptor();
        List<String> inputs = d.clinicalInput().isPresent()
                ? List.of(d.imageInput(), d.clinicalInput().get().name())
                : List.of(d.imageInput());
        return new ModelSummary(d.name(), d.version(), d.opset(), inputs, d.labels(), d.malignantLabel(),
                d.preprocessing(), d.thresholds(), d.uncertaintyMethod(), d.training(), model.executionProvider(),
                d.directory().toAbsolutePath().toString(), d.provenance(), Provenance.NOT_FOR_CLINICAL_USE,
                staged == null ? null : staged.descriptor().name() + " " + staged.descriptor().version(), shadow);
    }
}
