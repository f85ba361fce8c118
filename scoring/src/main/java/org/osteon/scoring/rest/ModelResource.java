package org.osteon.scoring.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.osteon.scoring.lifecycle.GateReport;
import org.osteon.scoring.lifecycle.ModelAudit;
import org.osteon.scoring.lifecycle.ModelSlot;
import org.osteon.scoring.lifecycle.Models;
import org.osteon.scoring.lifecycle.PromotionRefusedException;
import org.osteon.scoring.lifecycle.Promotions;
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
    /** 507 Insufficient Storage: the model audit is full. */
    private static final int INSUFFICIENT_STORAGE = 507;

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
            ModelSummary shadow,
            String modelSha256,
            List<ModelAudit.Entry> audit,
            GateSummary shadowGate,
            String standingPromotionMismatch) {}

    /**
     * The shadow folder's gate report ({@code gate/gate_report.json}): its SHA-256 (what an approver
     * names in a promotion), decision, the model digest it judged ({@code inputs.candidate.pin_sha256})
     * and whether that is the shadow's, its criteria and settings as written, and the locked reference
     * set's content hash ({@code inputs.reference.content_sha256}); {@code error} instead when the file
     * is there but unreadable.
     */
    public record GateSummary(
            String sha256,
            String decision,
            String candidateModelSha256,
            boolean matchesShadow,
            JsonNode criteria,
            JsonNode settings,
            String referenceSha256,
            String error) {}

    /** {@code POST /api/model/pins}: the folder and the model digest the caller approved for it. */
    public record PinRequest(String dir, String sha256, String reason) {}

    /**
     * {@code POST /api/model/promote}: the running shadow's folder and the SHA-256 of its gate report;
     * {@code reason} optional (who approved it, when the caller forwards an approval).
     */
    public record PromoteRequest(String dir, String gateReportSha256, String reason) {}

    /** What a pin, promotion or rollback wrote to the audit, and the primary model as it now stands. */
    public record ActionResult(ModelAudit.Entry audit, ModelSummary primary) {}

    /** Audit lines {@code GET /api/model} shows. */
    static final int AUDIT_SHOWN = 10;
    /** Longest {@code reason} a pin takes: an audit line has room for a sentence, not a document. */
    static final int MAX_REASON = 500;

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
    Optional<Promotions> promotions;

    @Inject
    SecurityIdentity identity;

    /**
     * Open, like health and metrics: the primary and shadow models, with their digests; with swap on,
     * {@code standingPromotionMismatch} when the primary is not the one the audit's last promotion or
     * rollback left standing, and, for the {@code admin} role only (the audit names people, and reading
     * the report costs a file read per call), the last {@value #AUDIT_SHOWN} audit lines and the
     * shadow's gate report summary.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ModelSummary model() {
        ModelSummary shadow = models.shadow().map(this::summaryOf).orElse(null);
        ModelSummary primary = summary(models.primary(), shadow);
        if (swapPolicy.isEmpty()) {
            return primary;
        }
        boolean admin = !identity.isAnonymous() && identity.hasRole(ADMIN_ROLE);
        GateSummary gate = admin ? models.shadow().map(this::gateOf).orElse(null) : null;
        String mismatch = promotions.flatMap(Promotions::standingMismatch).orElse(null);
        return new ModelSummary(
                primary.name(),
                primary.version(),
                primary.opset(),
                primary.inputs(),
                primary.labels(),
                primary.malignantLabel(),
                primary.preprocessing(),
                primary.thresholds(),
                primary.uncertaintyMethod(),
                primary.training(),
                primary.executionProvider(),
                primary.modelDir(),
                primary.modelProvenance(),
                primary.provenance(),
                primary.staged(),
                shadow,
                primary.modelSha256(),
                admin ? swapPolicy.get().audit().last(AUDIT_SHOWN) : null,
                gate,
                mismatch);
    }

    /**
     * Pins {@code sha256} for swaps ({@code {"dir", "sha256", "reason"}}) once the folder, inside the
     * models root, hashes to it; audited. Then {@code POST /api/model/swap} with that digest loads it,
     * for instance as the shadow. Admin only, as the swap: 401 without credentials, 403 without the
     * role, while swap is off or for a folder outside the root; 400 malformed; 422 when the folder does
     * not hash to the digest; 507 when the audit is full; 201 with the audit line.
     */
    @POST
    @Path("/pins")
    @RolesAllowed(ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response pin(PinRequest request) {
        return act("pin", Response.Status.CREATED.getStatusCode(), () -> {
            if (request == null) {
                throw malformed("body must be {\"dir\": ..., \"sha256\": ..., \"reason\": ...}");
            }
            if (request.reason() != null && request.reason().length() > MAX_REASON) {
                throw malformed("reason is longer than " + MAX_REASON + " characters");
            }
            java.nio.file.Path dir = swapPolicy.get().confine(request.dir());
            return promotions.get().pin(caller(), dir, request.sha256(), request.reason());
        });
    }

    /**
     * Promotes the running shadow ({@code {"dir", "gateReportSha256"}}) to primary: its
     * {@code gate/gate_report.json} must hash to {@code gateReportSha256}, say {@code "decision": "PASS"}
     * and name the shadow's model digest; it is then pinned, loaded, its golden vectors checked and
     * staged as primary, and the primary it replaces is recorded for rollback. Admin only: 401, 403 as
     * for a pin; 409 when the folder is not the running shadow; 422 when the report is missing, does not
     * hash to the approved value, does not pass or judged another model, or the model is refused; 507
     * when the audit is full; 200 with the audit line and the primary with the candidate staged.
     */
    @POST
    @Path("/promote")
    @RolesAllowed(ADMIN_ROLE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response promote(PromoteRequest request) {
        return act("promotion", Response.Status.OK.getStatusCode(), () -> {
            if (request == null) {
                throw malformed("body must be {\"dir\": ..., \"gateReportSha256\": ...}");
            }
            if (request.reason() != null && request.reason().length() > MAX_REASON) {
                throw malformed("reason is longer than " + MAX_REASON + " characters");
            }
            java.nio.file.Path dir = swapPolicy.get().confine(request.dir());
            return promotions.get().promote(caller(), dir, request.gateReportSha256(), request.reason());
        });
    }

    /**
     * Swaps back the primary the latest standing promotion replaced (body {@code {}} or none); audited.
     * Admin only: 401, 403 as for a pin; 409 when there is no promotion to roll back; 422 when that
     * model is refused (its files changed); 200 with the audit line and the primary.
     */
    @POST
    @Path("/rollback")
    @RolesAllowed(ADMIN_ROLE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response rollback() {
        return act(
                "rollback",
                Response.Status.OK.getStatusCode(),
                () -> promotions.get().rollback(caller()));
    }

    private Response act(String what, int status, java.util.function.Supplier<ModelAudit.Entry> action) {
        if (swapPolicy.isEmpty() || promotions.isEmpty()) {
            return error(
                    Response.Status.FORBIDDEN.getStatusCode(),
                    "model swap is disabled (osteon.scoring.model-swap-enabled=false)");
        }
        try {
            ModelAudit.Entry entry = action.get();
            return Response.status(status)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ActionResult(entry, summaryOf(models.primary())))
                    .build();
        } catch (SwapRefusedException e) {
            LOG.warnf("model %s by %s refused: %s", what, caller(), e.getMessage());
            return error(
                    e.reason() == SwapRefusedException.Reason.NOT_ALLOWED
                            ? Response.Status.FORBIDDEN.getStatusCode()
                            : Response.Status.BAD_REQUEST.getStatusCode(),
                    e.getMessage());
        } catch (PromotionRefusedException e) {
            LOG.warnf("model %s by %s refused: %s", what, caller(), e.getMessage());
            return error(
                    e.reason() == PromotionRefusedException.Reason.CONFLICT
                            ? Response.Status.CONFLICT.getStatusCode()
                            : UNPROCESSABLE,
                    e.getMessage());
        } catch (ModelAudit.FullException e) {
            LOG.errorf("model %s by %s refused: %s", what, caller(), e.getMessage());
            return error(INSUFFICIENT_STORAGE, e.getMessage());
        }
    }

    private static SwapRefusedException malformed(String message) {
        return new SwapRefusedException(SwapRefusedException.Reason.MALFORMED, message);
    }

    private String caller() {
        return identity.getPrincipal().getName();
    }

    private GateSummary gateOf(ModelSlot shadow) {
        OnnxModel running = shadow.active();
        try {
            return GateReport.find(running.descriptor().directory())
                    .map(r -> new GateSummary(
                            r.sha256(),
                            r.decision(),
                            r.candidateModelSha256(),
                            models.digest(running)
                                    .map(d -> d.equalsIgnoreCase(String.valueOf(r.candidateModelSha256())))
                                    .orElse(false),
                            r.criteria(),
                            r.settings(),
                            r.referenceSha256(),
                            null))
                    .orElse(null);
        } catch (GateReport.UnreadableException e) {
            return new GateSummary(null, null, null, false, null, null, null, e.getMessage());
        }
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

    private ModelSummary summaryOf(ModelSlot slot) {
        return summary(slot, null);
    }

    private ModelSummary summary(ModelSlot slot, ModelSummary shadow) {
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
                shadow,
                models.digest(model).orElse(null),
                null,
                null,
                null);
    }
}
