package org.osteon.scoring.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Optional;
import org.jboss.logging.Logger;
import org.osteon.schemas.Provenance;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.lifecycle.ModelSlot;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.lifecycle.SwapPolicy;
import org.osteon.scoring.lifecycle.SwapRefusedException;
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
    public record ModelSummary(
            String name,
            String version,
            int opset,
            List<String> inputs,
            List<String> labels,
            String malignantLabel,
            PreprocessingSpec preprocessing,
            Thresholds thresholds,
            String uncertaintyMethod,
            TrainingInfo training,
            String executionProvider,
            String modelDir,
            String modelProvenance,
            String provenance,
            String staged,
            ModelSummary shadow) {}

    /**
     * {@code dir}: the model folder to load, absolute or relative to {@code osteon.scoring.models-root};
     * {@code role}: {@code primary} (default) or {@code shadow}; {@code pinnedSha256}: the model digest
     * the caller approved for it, one of {@code osteon.scoring.model-swap-pinned-sha256}.
     */
    public record SwapRequest(String dir, String role, String pinnedSha256) {}

    /** The role a swap needs: the same name as the worklist's administrators. */
    public static final String ADMIN_ROLE = "admin";

    @Inject
    Models models;

    @Inject
    Optional<SwapPolicy> swapPolicy;

    @Inject
    SecurityIdentity identity;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ModelSummary model() {
        return summary(
                models.primary(), models.shadow().map(ModelResource::summaryOf).orElse(null));
    }

    /**
     * Loads the folder if its files hash to the pinned digest, checks its golden vectors on this
     * service's path, and stages it; the scoring loop installs it before its next batch, and closes the
     * old session after its last one. Only for the {@code admin} role: 401 without credentials, 403
     * without the role. Then 403 when {@code osteon.scoring.model-swap-enabled} is off, when the folder
     * is outside the models root or the digest is not pinned; 400 for a malformed request; 422 when the
     * folder is refused (not the pinned files, or not a model this service runs faithfully); 202 with
     * the staged model. On any refusal the running model is untouched.
     */
    @POST
    @Path("/swap")
    @RolesAllowed(ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response swap(SwapRequest request) {
        if (swapPolicy.isEmpty()) {
            return error(
                    Response.Status.FORBIDDEN.getStatusCode(),
                    "model swap is disabled (osteon.scoring.model-swap-enabled=false)");
        }
        if (request == null) {
            return error(
                    Response.Status.BAD_REQUEST.getStatusCode(),
                    "body must name the model folder and its pinned digest: {\"dir\": \"/path\", \"pinnedSha256\": \"...\"}");
        }
        ModelRole role;
        try {
            role = request.role() == null
                    ? ModelRole.PRIMARY
                    : ModelRole.valueOf(request.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return error(
                    Response.Status.BAD_REQUEST.getStatusCode(),
                    "role must be primary or shadow, was " + request.role());
        }
        String caller = identity.getPrincipal().getName();
        java.nio.file.Path dir;
        String pin;
        try {
            dir = swapPolicy.get().confine(request.dir());
            pin = swapPolicy.get().pin(request.pinnedSha256());
        } catch (SwapRefusedException e) {
            LOG.warnf("model swap by %s to %s refused: %s", caller, request.dir(), e.getMessage());
            return error(
                    e.reason() == SwapRefusedException.Reason.NOT_ALLOWED
                            ? Response.Status.FORBIDDEN.getStatusCode()
                            : Response.Status.BAD_REQUEST.getStatusCode(),
                    e.getMessage());
        }
        try {
            ModelSummary staged = summaryOf(models.swap(role, dir, pin));
            LOG.infof(
                    "model swap by %s: %s from %s (model digest %s) staged as the %s model",
                    caller, staged.staged(), dir, pin, role.wireName());
            return Response.accepted(staged).build();
        } catch (RuntimeException e) {
            LOG.warnf("model swap by %s to %s refused: %s", caller, dir, e.getMessage());
            return error(UNPROCESSABLE, "model refused, the running one is unchanged: " + e.getMessage());
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build();
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
        return new ModelSummary(
                d.name(),
                d.version(),
                d.opset(),
                inputs,
                d.labels(),
                d.malignantLabel(),
                d.preprocessing(),
                d.thresholds(),
                d.uncertaintyMethod(),
                d.training(),
                model.executionProvider(),
                d.directory().toAbsolutePath().toString(),
                d.provenance(),
                Provenance.NOT_FOR_CLINICAL_USE,
                staged == null
                        ? null
                        : staged.descriptor().name() + " " + staged.descriptor().version(),
                shadow);
    }
}
