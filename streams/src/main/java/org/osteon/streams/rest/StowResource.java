package org.osteon.streams.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.osteon.events.IngestSource;
import org.osteon.streams.config.OsteonConfig;
import org.osteon.streams.gateway.IngestService;
import org.osteon.streams.gateway.MultipartRelated;
import org.osteon.streams.kafka.EventPublisher.PublishException;

/**
 * STOW-RS (DICOM PS3.18 §10.5): {@code POST /dicomweb/studies} with a
 * {@code multipart/related; type="application/dicom"} body, answered with a Store Instances response
 * in the DICOM JSON model.
 */
@Path("/dicomweb/studies")
public class StowResource {

    private static final Logger LOG = Logger.getLogger(StowResource.class);
    private static final String DICOM = "application/dicom";
    private static final String DICOM_JSON = "application/dicom+json";
    /** PS3.4 C.4.2.1.4 status codes, used as Failure Reason. */
    private static final int CANNOT_UNDERSTAND = 0xC000;
    private static final int PROCESSING_FAILURE = 0x0110;

    private final IngestService ingest;
    private final java.nio.file.Path spool;

    public StowResource(IngestService ingest, OsteonConfig config) {
        this.ingest = ingest;
        this.spool = config.store().phiRoot().resolve(".incoming");
    }

    @POST
    @Consumes("multipart/related")
    @Produces(DICOM_JSON)
    public Response store(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) throws IOException {
        String type = MultipartRelated.type(contentType);
        if (type != null && !DICOM.equalsIgnoreCase(type)) {
            return Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).build();
        }
        List<MultipartRelated.Part> parts;
        try {
            parts = MultipartRelated.parse(body, MultipartRelated.boundary(contentType));
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", e.getMessage())).build();
        }
        List<Map<String, Object>> stored = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        Files.createDirectories(spool);
        for (MultipartRelated.Part part : parts) {
            if (!part.contentType().toLowerCase().startsWith(DICOM)) {
                failed.add(reference(null, null, CANNOT_UNDERSTAND));
                continue;
            }
            java.nio.file.Path file = Files.createTempFile(spool, "stow-", ".dcm");
            Files.write(file, part.body());
            try {
                IngestService.Outcome outcome = ingest.ingest(file, IngestSource.STOWRS, null, null);
                if (outcome.accepted()) {
                    stored.add(reference(outcome.sopClassUid(), outcome.sopInstanceUid(), null));
                } else {
                    failed.add(reference(null, null, CANNOT_UNDERSTAND));
                }
            } catch (PublishException e) {
                LOG.errorf("STOW-RS object stored but not published: %s", e.getMessage());
                failed.add(reference(null, null, PROCESSING_FAILURE));
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        if (!stored.isEmpty()) {
            response.put("00081199", Map.of("vr", "SQ", "Value", stored));
        }
        if (!failed.isEmpty()) {
            response.put("00081198", Map.of("vr", "SQ", "Value", failed));
        }
        // PS3.18: 200 all stored, 202 some stored, 409 none stored.
        int status = failed.isEmpty() ? 200 : stored.isEmpty() ? 409 : 202;
        return Response.status(status).type(DICOM_JSON).entity(response).build();
    }

    private static Map<String, Object> reference(String sopClassUid, String sopInstanceUid, Integer failureReason) {
        Map<String, Object> item = new LinkedHashMap<>();
        if (sopClassUid != null) {
            item.put("00081150", Map.of("vr", "UI", "Value", List.of(sopClassUid)));
        }
        if (sopInstanceUid != null) {
            item.put("00081155", Map.of("vr", "UI", "Value", List.of(sopInstanceUid)));
        }
        if (failureReason != null) {
            item.put("00081197", Map.of("vr", "US", "Value", List.of(failureReason)));
        }
        return item;
    }
}
