package org.osteon.gateway.stow;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.osteon.events.IngestSource;
import org.osteon.gateway.ingest.IngestService;
import org.osteon.gateway.store.PhiStore;
import org.osteon.platform.dicom.DicomLimits;
import org.osteon.platform.kafka.PublishException;

/**
 * STOW-RS (DICOM PS3.18 §10.5): {@code POST /dicomweb/studies} with a
 * {@code multipart/related; type="application/dicom"} body, answered with a Store Instances response
 * in the DICOM JSON model.
 *
 * <p>Authentication: a bearer token (JWT from the configured issuer) or a client certificate whose
 * identity has the {@code ingest} role; anything else gets 401 before a byte of the body is read
 * (docs/security.md).
 *
 * <p>The body is streamed part by part into the spool, each part bounded like a C-STORE data set
 * ({@link DicomLimits#maxObjectBytes()}), so a request never sits in memory. Bad parts are reported
 * per instance; a fault of this side (broker, disk) answers 503 for the whole request, which a client
 * retries: instances already stored are recognised as resent.
 */
@Path("/dicomweb/studies")
public class StowResource {

    /** The role a STOW-RS client's token or certificate must carry. */
    public static final String INGEST_ROLE = "ingest";

    private static final Logger LOG = Logger.getLogger(StowResource.class);
    private static final String DICOM = "application/dicom";
    private static final String DICOM_JSON = "application/dicom+json";
    /** PS3.4 C.4.2.1.4 status codes, used as Failure Reason. */
    private static final int CANNOT_UNDERSTAND = 0xC000;
    /** Parts in one request: a study of radiographs has a handful; each part costs a spool file and an event. */
    static final int MAX_PARTS = 1000;

    private final IngestService ingest;
    private final PhiStore store;

    public StowResource(IngestService ingest) {
        this.ingest = ingest;
        this.store = ingest.store();
    }

    @POST
    @RolesAllowed(INGEST_ROLE)
    @Consumes("multipart/related")
    @Produces(DICOM_JSON)
    public Response store(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        String type = MultipartRelated.type(contentType);
        if (type != null && !DICOM.equalsIgnoreCase(type)) {
            return Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).build();
        }
        List<Map<String, Object>> stored = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        try {
            MultipartRelated multipart = new MultipartRelated(body, MultipartRelated.boundary(contentType));
            Files.createDirectories(store.spool());
            int parts = 0;
            for (MultipartRelated.Headers part = multipart.next(); part != null; part = multipart.next()) {
                if (++parts > MAX_PARTS) {
                    return badRequest("more than " + MAX_PARTS + " parts in one request");
                }
                if (!part.contentType().toLowerCase().startsWith(DICOM)) {
                    failed.add(reference(null, null, CANNOT_UNDERSTAND));
                    continue;
                }
                storePart(multipart.body(), stored, failed);
            }
        } catch (IllegalArgumentException | MultipartRelated.MalformedBodyException e) {
            return badRequest(e.getMessage());
        } catch (PartTooLargeException e) {
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                    .type(DICOM_JSON)
                    .entity(Map.of("error", e.getMessage()))
                    .build();
        } catch (PublishException e) {
            LOG.errorf("STOW-RS refused for now: an event is not durable: %s", e.getMessage());
            return unavailable();
        } catch (IOException e) {
            LOG.errorf("STOW-RS refused for now: the PHI store failed: %s", PhiStore.reasonOf(e));
            return unavailable();
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

    /** Spools one part (fsynced, digested on the way), ingests it, and always removes the spool file. */
    private void storePart(InputStream part, List<Map<String, Object>> stored, List<Map<String, Object>> failed)
            throws IOException, PublishException {
        java.nio.file.Path file = Files.createTempFile(store.spool(), "stow-", ".dcm");
        try {
            MessageDigest sha256 = sha256();
            long size;
            try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE);
                    OutputStream out =
                            new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), sha256)) {
                size = copyBounded(part, out, DicomLimits.DEFAULTS.maxObjectBytes());
                out.flush();
                channel.force(true);
            }
            IngestService.Outcome outcome = ingest.ingestReceived(
                    file, HexFormat.of().formatHex(sha256.digest()), size, IngestSource.STOWRS, null, null);
            if (outcome.accepted()) {
                stored.add(reference(outcome.sopClassUid(), outcome.sopInstanceUid(), null));
            } else {
                failed.add(reference(null, null, CANNOT_UNDERSTAND));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Copies a part to its spool file, refusing it as soon as it passes {@code limit}: never more is written. */
    static long copyBounded(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (total + n > limit) {
                throw new PartTooLargeException("an instance is larger than " + limit + " bytes");
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response badRequest(String reason) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(DICOM_JSON)
                .entity(Map.of("error", reason))
                .build();
    }

    private static Response unavailable() {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .type(DICOM_JSON)
                .entity(Map.of("error", "temporarily unable to store; send the request again"))
                .build();
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

    /** One instance is over the per-object limit: the request is refused with 413. */
    static final class PartTooLargeException extends IOException {
        PartTooLargeException(String message) {
            super(message);
        }
    }
}
