package org.osteon.worklist.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.osteon.worklist.promotion.ScoringLink;
import org.osteon.worklist.store.ModelApprovals;

/**
 * The admin's model panel: what scoring runs (live and shadow model, the shadow's gate report), and
 * the approval of a promotion, recorded here (who, when, which gate report) and forwarded to scoring's
 * {@code POST /api/model/promote} with this adapter's configured credential. Admin only (403 for a
 * reader); a cookie session's approval needs the page's Origin and CSRF token, as every write
 * ({@code web/CsrfGuard}). Without {@code osteon.model-promotion.scoring-url} the panel is told that
 * promotion is not configured, and an approval is refused (409).
 */
@Path("/api/model-promotion")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ModelPromotionResource {

    private static final Logger LOG = Logger.getLogger(ModelPromotionResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int APPROVALS_SHOWN = 10;
    private static final int BAD_GATEWAY = 502;

    /**
     * What the admin approves: the shadow's folder as scoring names it (one line: it is logged and
     * stored), and the gate report's SHA-256 shown.
     */
    public record ApprovalRequest(
            @NotNull @Size(min = 1, max = 1024) @Pattern(regexp = "[^\\r\\n\\x00]+", message = "must be one line")
            String dir,

            @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a SHA-256 in hex")
            String gateReportSha256) {}

    private final Optional<ScoringLink> scoring;
    private final ModelApprovals approvals;

    ModelPromotionResource(Optional<ScoringLink> scoring, ModelApprovals approvals) {
        this.scoring = scoring;
        this.approvals = approvals;
    }

    /**
     * {@code {"configured": false}} without a scoring URL; else {@code {"configured": true, "scoring":
     * <scoring's GET /api/model>, "approvals": [...]}}; 502 when scoring does not answer.
     */
    @GET
    public Response panel() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("configured", scoring.isPresent());
        if (scoring.isEmpty()) {
            body.put("message", "model promotion is not configured (osteon.model-promotion.scoring-url)");
            return Response.ok(body).build();
        }
        try {
            ScoringLink.Answer answer = scoring.get().model();
            if (answer.status() != 200) {
                return error(BAD_GATEWAY, "scoring answered GET /api/model with HTTP " + answer.status());
            }
            body.put("scoring", JSON.readTree(answer.body()));
        } catch (IOException | InterruptedException e) {
            interruptIfSo(e);
            return error(BAD_GATEWAY, "scoring does not answer: " + e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            // The token file went missing or bad after start-up: say so, as for any link failure.
            LOG.errorf("model panel: %s", e.getMessage());
            return error(BAD_GATEWAY, e.getMessage());
        }
        body.put("approvals", approvals.latest(APPROVALS_SHOWN));
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }

    /**
     * Records the approval, then forwards it to scoring; answers with scoring's status and body (200
     * promoted; 409 not the shadow; 422 the report does not pass or is not the one approved), 502 when
     * scoring does not answer or refuses this adapter's credential, 409 when promotion is not configured.
     */
    @POST
    @Path("approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response approve(@Valid @NotNull ApprovalRequest request, @Context SecurityContext caller) {
        if (scoring.isEmpty()) {
            return error(
                    Response.Status.CONFLICT.getStatusCode(),
                    "model promotion is not configured (osteon.model-promotion.scoring-url)");
        }
        String user = caller.getUserPrincipal().getName();
        String report = request.gateReportSha256().toLowerCase(Locale.ROOT);
        long id = approvals.record(user, request.dir(), report);
        LOG.infof("model promotion approval %d by %s: %s on gate report %s", id, user, request.dir(), report);
        ScoringLink.Answer answer;
        try {
            answer = scoring.get()
                    .promote(JSON.writeValueAsString(Map.of(
                            "dir",
                            request.dir(),
                            "gateReportSha256",
                            report,
                            // Scoring's audit names this adapter's token; this names the person.
                            "reason",
                            "approved by " + user + " on the worklist page (model_approval " + id + ")")));
        } catch (IOException | InterruptedException e) {
            interruptIfSo(e);
            approvals.answer(id, 0, "no answer: " + e.getClass().getSimpleName());
            return error(BAD_GATEWAY, "scoring does not answer: " + e.getClass().getSimpleName());
        } catch (IllegalStateException e) {
            // The token file went missing or bad after start-up: nothing was sent; the approval says why.
            approvals.answer(id, 0, "not sent: " + e.getMessage());
            LOG.errorf("model promotion approval %d not sent: %s", id, e.getMessage());
            return error(BAD_GATEWAY, e.getMessage());
        }
        approvals.answer(id, answer.status(), answer.body());
        LOG.infof("model promotion approval %d: scoring answered HTTP %d", id, answer.status());
        if (answer.status() == 401 || answer.status() == 403) {
            return error(
                    BAD_GATEWAY,
                    "scoring refused this adapter's call (HTTP " + answer.status() + ": " + errorOf(answer.body())
                            + "); check osteon.model-promotion.token-file and scoring's swap settings");
        }
        return Response.status(answer.status()).entity(parsed(answer.body())).build();
    }

    private static Object parsed(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? Map.of() : node;
        } catch (JsonProcessingException e) {
            return Map.of("error", "scoring's answer is not JSON");
        }
    }

    /** Scoring's own error text (its {@code error} field), at most 300 characters. */
    private static String errorOf(String body) {
        Object parsed = parsed(body);
        String text = parsed instanceof JsonNode node && node.path("error").isTextual()
                ? node.path("error").asText()
                : "no reason given";
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static void interruptIfSo(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private static Response error(int status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
