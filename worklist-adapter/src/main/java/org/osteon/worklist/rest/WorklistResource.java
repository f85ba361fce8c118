package org.osteon.worklist.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import org.osteon.worklist.store.WorklistQueries;
import org.osteon.worklist.store.WorklistRow;
import org.osteon.worklist.store.WorklistStore;

/** The radiologists' worklist: rows in reading order, one study, a person's priority, live changes. */
@Path("/api/worklist")
@Produces(MediaType.APPLICATION_JSON)
public class WorklistResource {

    private final WorklistQueries queries;
    private final WorklistStore store;
    private final SseHub hub;

    WorklistResource(WorklistQueries queries, WorklistStore store, SseHub hub) {
        this.queries = queries;
        this.store = store;
        this.hub = hub;
    }

    @GET
    public List<WorklistRow> list() {
        return queries.list();
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

    /** Server-sent events: a "hello" once subscribed, then one "row" event per changed row. */
    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        hub.subscribe(sink, sse);
    }
}
