package org.osteon.scoring.store;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import org.osteon.platform.store.ClaimChecks;
import org.osteon.platform.store.RefusedClaimCheck;

/**
 * The de-identified (research) object store as scoring sees it: claim checks resolved to files, and
 * derived files written beside the object they were derived from.
 */
public final class ResearchObjects {

    /** Tells this process's temporary files from those of another scoring instance on the shared store. */
    private static final String WRITER = Long.toHexString(new SecureRandom().nextLong());

    private ResearchObjects() {}

    /**
     * The object a claim check names, confined to the research store (platform {@link ClaimChecks}, the
     * resolver every service uses): a URI from Kafka must not make scoring read, or write a map beside, a
     * file elsewhere on the host.
     *
     * @throws RefusedClaimCheck when the URI is not a plain {@code file:} URI or leaves the store
     * @throws java.nio.file.NoSuchFileException when no object is there
     */
    public static Path open(Path researchRoot, String objectUri) throws RefusedClaimCheck, IOException {
        return ClaimChecks.open(researchRoot, objectUri);
    }

    /**
     * Writes a class-activation map beside the object: {@code <object>.cam-<model>-<version>.f32}, raw
     * little-endian float32, row-major. The name depends only on the object and the model, so a batch
     * redone after an aborted transaction rewrites the same file, and a shadow model never overwrites
     * the primary's. Written to a temporary file and moved, so a reader never sees half a map.
     */
    public static URI writeCam(Path researchRoot, String objectUri, String modelName, String modelVersion, float[] cam)
            throws RefusedClaimCheck, IOException {
        Path object = open(researchRoot, objectUri);
        String name = object.getFileName() + ".cam-" + safe(modelName) + "-" + safe(modelVersion) + ".f32";
        Path target = object.resolveSibling(name);
        ByteBuffer bytes = ByteBuffer.allocate(cam.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(cam);
        // Unique to this process and thread, so no one else writes it, without Files.createTempFile's
        // SecureRandom draw and exclusive create for every map.
        Path tmp = target.resolveSibling(
                "." + name + "." + WRITER + "-" + Thread.currentThread().getId() + ".tmp");
        try {
            Files.write(tmp, bytes.array());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return target.toUri();
    }

    /** Model names and versions come from model.json; keep them from naming another folder. */
    private static String safe(String part) {
        return part.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
