package org.osteon.worklist.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.util.List;
import org.osteon.worklist.store.AlertSubscriptions;
import org.osteon.worklist.store.AlertSubscriptions.Subscription;

/**
 * Alert subscribers: register for SSE or for signed webhooks (admin: they decide who outside the page
 * hears about a study); the SSE stream itself, which the reading room may follow.
 */
@Path("/api/alerts")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final AlertSubscriptions subscriptions;
    private final SseHub hub;

    AlertResource(AlertSubscriptions subscriptions, SseHub hub) {
        this.subscriptions = subscriptions;
        this.hub = hub;
    }

    @POST
    @Path("subscriptions")
    public Response register(@Valid @NotNull SubscriptionRequest request) {
        if (request.kind().equals("webhook")) {
            URI url = parse(request.url());
            if (request.secret() == null || request.secret().length() < 16) {
                throw new BadRequestException("a webhook needs a secret of at least 16 characters");
            }
            Subscription created = subscriptions.register("webhook", url.toString(), request.secret());
            return Response.status(Response.Status.CREATED).entity(created).build();
        }
        return Response.status(Response.Status.CREATED)
                .entity(subscriptions.register("sse", null, null))
                .build();
    }

    @GET
    @Path("subscriptions")
    public List<Subscription> list() {
        return subscriptions.list();
    }

    @DELETE
    @Path("subscriptions/{id}")
    public Response remove(@PathParam("id") String id) {
        if (!subscriptions.remove(id)) {
            throw new NotFoundException("no subscription " + id);
        }
        return Response.noContent().build();
    }

    /** Server-sent events: a "hello" once subscribed, then one "alert" event per alert (PHI zone only). */
    @GET
    @Path("events")
    @RolesAllowed({Roles.READER, Roles.ADMIN})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        hub.subscribeAlerts(sink, sse);
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url == null ? "" : url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new BadRequestException("a webhook needs an http or https url");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("a webhook needs an http or https url");
        }
    }
}
