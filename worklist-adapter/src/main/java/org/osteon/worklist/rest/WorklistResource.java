package org.osteon.worklist.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.osteon.worklist.image.ActivationMap;
import org.osteon.worklist.image.StudyImages;
import org.osteon.worklist.image.UnreadableImageException;
import org.osteon.worklist.publish.EventPublisher;
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.store.AuditEntry;
import org.osteon.worklist.store.FeedbackOutcome;
import org.osteon.worklist.store.Outbox;
import org.osteon.worklist.store.WorklistQueries;
import org.osteon.worklist.store.WorklistRow;
import org.osteon.worklist.store.WorklistStore;
import org.osteon.worklist.viewer.PacsViewerLinks;

/**
 * The radiologists' worklist: rows in reading order, the review lane, one study with its audit trail
 * and write-back state, a person's priority or review, live changes.
 */
@Path("/api/worklist")
@RolesAllowed({Roles.READER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class WorklistResource {

    private static final Logger LOG = Logger.getLogger(WorklistResource.class);

    private final WorklistQueries queries;
    private final WorklistStore store;
    private final SseHub hub;
    private final Event<RowChanged> changes;
    private final Outbox outbox;
    private final StudyImages images;
    private final EventPublisher publisher;
    private final PacsViewerLinks viewerLinks;

    WorklistResource(
            WorklistQueries queries,
            WorklistStore store,
            SseHub hub,
            Event<RowChanged> changes,
            Outbox outbox,
            StudyImages images,
            EventPublisher publisher,
            PacsViewerLinks viewerLinks) {
        this.queries = queries;
        this.store = store;
        this.hub = hub;
        this.changes = changes;
        this.outbox = outbox;
        this.images = images;
        this.publisher = publisher;
        this.viewerLinks = viewerLinks;
    }

    @GET
    public List<WorklistRow> list() {
        return viewerLinks.linked(queries.list());
    }

    /** The review lane: studies flagged for a person, the earliest deadline first. */
    @GET
    @Path("review")
    public List<WorklistRow> reviewLane() {
        return viewerLinks.linked(queries.reviewLane());
    }

    @GET
    @Path("{studyKey}")
    public WorklistRow one(@PathParam("studyKey") String studyKey) {
        return viewerLinks.linked(
                queries.find(studyKey).orElseThrow(() -> new NotFoundException("no study " + studyKey)));
    }

    /** A person sets the priority (source HUMAN); the model will never lower it afterwards. */
    @PUT
    @Path("{studyKey}/priority")
    public WorklistRow setPriority(
            @PathParam("studyKey") String studyKey,
            @Valid @NotNull PriorityRequest request,
            @Context SecurityContext caller) {
        WorklistRow row = store.setPriority(
                        studyKey, request.priority(), caller.getUserPrincipal().getName())
                .orElseThrow(() -> new NotFoundException("no study " + studyKey));
        changes.fire(new RowChanged(row));
        return viewerLinks.linked(row);
    }

    /** A person reviewed a review-lane study: it leaves the lane, and the trail records who. */
    @POST
    @Path("{studyKey}/review")
    public WorklistRow reviewed(
            @PathParam("studyKey") String studyKey,
            @Valid @NotNull ReviewRequest request,
            @Context SecurityContext caller) {
        WorklistRow row = store.markReviewed(studyKey, caller.getUserPrincipal().getName(), request.note())
                .orElseThrow(() -> new NotFoundException("no study " + studyKey));
        changes.fire(new RowChanged(row));
        return viewerLinks.linked(row);
    }

    /** The radiograph the study's outcome was decided on, windowed to 8 bits, at most 1024 px a side. */
    @GET
    @Path("{studyKey}/image")
    @Produces("image/png")
    public Response image(@PathParam("studyKey") String studyKey) {
        byte[] png = shown(() -> images.radiographPng(studyKey))
                .orElseThrow(() -> new NotFoundException("no image for study " + studyKey));
        // Private: the page is signed in, and the picture belongs to one study of the PHI zone.
        return Response.ok(png, "image/png")
                .header("Cache-Control", "private, max-age=300")
                .build();
    }

    /** The decided image's class-activation map for the malignant class. */
    @GET
    @Path("{studyKey}/cam")
    public ActivationMap activationMap(@PathParam("studyKey") String studyKey) {
        return shown(() -> images.activationMap(studyKey))
                .orElseThrow(() -> new NotFoundException("no activation map for study " + studyKey));
    }

    /**
     * A reader confirms or rejects the AI's call: stored once per study and reader, appended to the
     * audit trail, published on triage-feedback-v1. The same verdict again is answered with the stored
     * one and republished with the same event id (so a retry after a failed publish is safe); the
     * other verdict is refused with 409, because the first one stands.
     */
    @POST
    @Path("{studyKey}/feedback")
    public Response feedback(
            @PathParam("studyKey") String studyKey,
            @Valid @NotNull FeedbackRequest request,
            @Context SecurityContext caller) {
        String comment = request.comment() == null || request.comment().isBlank()
                ? null
                : request.comment().strip();
        FeedbackOutcome outcome =
                store.recordFeedback(studyKey, caller.getUserPrincipal().getName(), request.verdict(), comment);
        if (outcome instanceof FeedbackOutcome.Recorded recorded) {
            publisher.feedback(recorded.feedback());
            return Response.status(recorded.feedback().duplicate() ? Response.Status.OK : Response.Status.CREATED)
                    .entity(recorded.feedback())
                    .build();
        }
        if (outcome instanceof FeedbackOutcome.Conflicting conflicting) {
            throw new ClientErrorException(
                    "you already gave " + conflicting.earlier().verdict() + " for this study; it stands",
                    Response.Status.CONFLICT);
        }
        if (outcome instanceof FeedbackOutcome.NotTriaged) {
            throw new ClientErrorException(
                    "study " + studyKey + " has no AI decision to judge yet", Response.Status.CONFLICT);
        }
        throw new NotFoundException("no study " + studyKey);
    }

    /** The study's append-only audit trail, oldest first. */
    @GET
    @Path("{studyKey}/audit")
    public List<AuditEntry> audit(@PathParam("studyKey") String studyKey) {
        return store.audit(studyKey);
    }

    /** Every write-back and webhook delivery of the study, with its state. */
    @GET
    @Path("{studyKey}/writeback")
    public List<Outbox.OutboxStatus> writeback(@PathParam("studyKey") String studyKey) {
        return outbox.forStudy(studyKey);
    }

    /** Server-sent events: a "hello" once subscribed, then one "row" event per changed row. */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        hub.subscribe(sink, sse);
    }

    /** A stored file that cannot be shown is the server's data problem, not a missing study. */
    private static <T> Optional<T> shown(Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (UnreadableImageException e) {
            LOG.warn(e.getMessage());
            throw new WebApplicationException(
                    "the stored image cannot be shown", Response.Status.INTERNAL_SERVER_ERROR);
        }
    }
}
