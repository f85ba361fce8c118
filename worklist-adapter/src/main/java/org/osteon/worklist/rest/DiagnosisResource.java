package org.osteon.worklist.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.osteon.events.TriageDiagnosis;
import org.osteon.platform.kafka.PublishException;
import org.osteon.worklist.diagnosis.Diagnosis;
import org.osteon.worklist.diagnosis.DiagnosisIntake;
import org.osteon.worklist.diagnosis.StudyReference;
import org.osteon.worklist.diagnosis.UnknownStudyException;

/**
 * Final diagnoses entered by an admin (docs/worklist.md#diagnoses): admin only, because a diagnosis
 * overrides every reader's verdict in the training data. Published on triage-diagnosis-v1 without PHI.
 */
@Path("/api/diagnoses")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DiagnosisResource {

    private static final Logger LOG = Logger.getLogger(DiagnosisResource.class);

    /** What a 503 asks the client to wait: the publisher's own timeout is of this order. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final DiagnosisIntake intake;

    DiagnosisResource(DiagnosisIntake intake) {
        this.intake = intake;
    }

    /**
     * 201 with the published event (no accession number); 400 for a malformed body or one with diagnosedAt,
     * 404 when the worklist has no single study for the reference, 503 when Kafka did not take the event.
     */
    @POST
    public Response record(@Valid @NotNull DiagnosisRequest request, @Context SecurityContext caller) {
        if ((request.studyKey() == null) == (request.accessionNumber() == null)) {
            throw refused(Response.Status.BAD_REQUEST, "give exactly one of studyKey and accessionNumber");
        }
        if (request.diagnosedAt() != null) {
            throw refused(
                    Response.Status.BAD_REQUEST,
                    "diagnosedAt is not accepted: a diagnosis is ordered by when Osteon receives it, and the clinical"
                            + " date must not leave the PHI zone");
        }
        StudyReference study = request.studyKey() != null
                ? new StudyReference.ByKey(request.studyKey())
                : new StudyReference.ByAccession(request.accessionNumber().strip());
        String admin = caller.getUserPrincipal().getName();
        TriageDiagnosis event;
        try {
            event = intake.record(new Diagnosis(
                    study,
                    request.finding(),
                    request.source(),
                    request.code(),
                    admin,
                    UUID.randomUUID().toString()));
        } catch (UnknownStudyException e) {
            throw refused(Response.Status.NOT_FOUND, e.getMessage());
        } catch (PublishException e) {
            // Transient and not the input's fault: nothing was recorded, the same request may simply be sent again.
            LOG.warnf("diagnosis by %s not recorded: Kafka did not take it (%s)", admin, e.getMessage());
            throw new WebApplicationException(
                    e.getMessage(),
                    Response.status(Response.Status.SERVICE_UNAVAILABLE)
                            .header("Retry-After", RETRY_AFTER_SECONDS)
                            .type(MediaType.APPLICATION_JSON)
                            .entity(Map.of("error", "the diagnosis could not be recorded now; try again"))
                            .build());
        }
        LOG.infof(
                "diagnosis %s recorded by %s for study %s: %s from %s",
                event.getEventId(), admin, event.getStudyKey(), event.getFinding(), event.getSource());
        return Response.status(Response.Status.CREATED).entity(view(event)).build();
    }

    /** The reason in the body as {"error": …}: the admin sees why, not only a status. */
    private static WebApplicationException refused(Response.Status status, String reason) {
        return new WebApplicationException(
                reason,
                Response.status(status)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(Map.of("error", reason))
                        .build());
    }

    private static Map<String, Object> view(TriageDiagnosis event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("eventId", event.getEventId());
        view.put("studyKey", event.getStudyKey());
        view.put("finding", event.getFinding().name());
        view.put("source", event.getSource().name());
        view.put("diagnosedAt", event.getDiagnosedAt().toString());
        view.put("code", event.getCode());
        view.put("site", event.getSite());
        view.put("recordedBy", event.getRecordedBy());
        view.put("recordedAt", event.getRecordedAt().toString());
        view.put("provenance", event.getProvenance());
        return view;
    }
}
