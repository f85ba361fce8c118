package org.osteon.worklist.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import org.osteon.worklist.store.AuditEntry;
import org.osteon.worklist.store.Outbox;
import org.osteon.worklist.store.WorklistQueries;
import org.osteon.worklist.store.WorklistRow;
import org.osteon.worklist.store.WorklistStore;

/**
 * The radiologists' worklist: rows in reading order, the review lane, one study with its audit trail
 * and write-back state, a person's priority or review, live changes.
 */
@Path("/api/worklist")
@Produces(MediaType.APPLICATION_JSON)
public class WorklistResource {

    private final WorklistQueries queries;
    private final WorklistStore store;
    private final SseHub hub;
    private final Outbox outbox;

    WorklistResource(WorklistQueries queries, WorklistStore store, SseHub hub, Outbox outbox) {
        this.queries = queries;
        this.store = store;
        this.hub = hub;
        this.outbox = outbox;
    }

    @GET
    public List<WorklistRow> list() {
        return queries.list();
    }

    /** The review lane: studies flagged for a person, the earliest deadline first. */
    @GET
    @Path("review")
    public List<WorklistRow> reviewLane() {
        return queries.reviewLane();
    }

    @GET
    @Path("{studyKey}")
    public WorklistRow one(@PathParam("studyKey") String studyKey) {
        return queries.find(studyKey).orElseThrow(() -> new NotFoundException("no study " + studyKey));
    }

    /** A person sets the priority (source HUMAN); the model will never lower it afterwards. */
    @PUT
    @Path("{studyKey}/priority")
    public WorklistRow setPriority(@PathParam("studyKey") String studyKey, @Valid @NotNull PriorityRequest request) {
        WorklistRow row = store.setPriority(studyKey, request.priority(), request.user())
                .orElseThrow(() -> new NotFoundException("no study " + studyKey));
        hub.onChange(row);
        return row;
    }

    /** A person reviewed a review-lane study: it leaves the lane, and the trail records who. */
    @POST
    @Path("{studyKey}/review")
    public WorklistRow reviewed(@PathParam("studyKey") String studyKey, @Valid @NotNull ReviewRequest request) {
        WorklistRow row = store.markReviewed(studyKey, request.user(), request.note())
                .orElseThrow(() -> new NotFoundException("no study " + studyKey));
        hub.onChange(row);
        return row;
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
}
