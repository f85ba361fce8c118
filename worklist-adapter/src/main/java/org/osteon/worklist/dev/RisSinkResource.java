package org.osteon.worklist.dev;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/dev/ris-sink}: what the demo's stand-in RIS received, and its FHIR endpoint. Answers 404
 * unless {@code osteon.dev.ris-sink-enabled=true}.
 */
@Path("/api/dev/ris-sink")
public class RisSinkResource {

    private final RisSink sink;

    RisSinkResource(RisSink sink) {
        this.sink = sink;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, List<Map<String, Object>>> received() {
        requireEnabled();
        return sink.received();
    }

    /** The FHIR write-back's conditional PATCH lands here and is recorded as received. */
    @PATCH
    @Path("fhir/ServiceRequest")
    @Consumes({"application/fhir+json", MediaType.APPLICATION_JSON})
    @Produces("application/fhir+json")
    public String patchServiceRequest(
            @Context UriInfo uri, @HeaderParam("X-Request-ID") String requestId, String body) {
        requireEnabled();
        sink.recordFhir(
                uri.getRequestUri().getRawPath() + "?" + uri.getRequestUri().getRawQuery(), requestId, body);
        return "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"intent\":\"order\","
                + "\"subject\":{\"display\":\"RIS sink\"}}";
    }

    private void requireEnabled() {
        if (!sink.enabled()) {
            throw new NotFoundException();
        }
    }
}
