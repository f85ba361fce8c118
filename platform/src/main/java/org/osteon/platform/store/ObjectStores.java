package org.osteon.platform.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Layout of the two claim-check stores, and the digest every claim check carries; {@link ClaimChecks} reads them back. */
public final class ObjectStores {

    /** A DICOM UID: digits and dots only, at most 64 characters. Anything else must never become a path. */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    /** A pseudonym from Pseudonymizer: lower-case base32. */
    private static final Pattern PSEUDONYM = Pattern.compile("[a-z2-7]+");

    private static final int DIGEST_CHUNK = 256 << 10;

    private ObjectStores() {}

    /** {@code <phi-root>/<studyUID>/<sopUID>.dcm}, refusing UIDs that could escape the root. */
    public static Path phiPath(Path phiRoot, String studyInstanceUid, String sopInstanceUid) {
        return phiRoot.resolve(checkUid("Study Instance UID", studyInstanceUid))
                .resolve(checkUid("SOP Instance UID", sopInstanceUid) + ".dcm");
    }

    /** {@code <research-root>/<studyKey>/<instanceKey>.dcm}. */
    public static Path researchPath(Path researchRoot, String studyKey, String instanceKey) {
        return researchRoot
                .resolve(check(PSEUDONYM, "study key", studyKey))
                .resolve(check(PSEUDONYM, "instance key", instanceKey) + ".dcm");
    }

    /**
     * True when the value is a pseudonym as {@code Pseudonymizer} makes them (lower-case base32), the only
     * kind of name a file in the research zone may have.
     */
    public static boolean isPseudonym(String value) {
        return value != null && PSEUDONYM.matcher(value).matches();
    }

    /**
     * The file's SHA-256 in lower-case hex. Read through a channel in 256 KiB pieces: a radiograph is 10 MB or
     * more, and a stream's 8 KiB reads would make over a thousand system calls of it.
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        byte[] chunk = new byte[DIGEST_CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            int read;
            while ((read = in.read(buffer.clear())) >= 0) {
                digest.update(chunk, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String checkUid(String what, String uid) {
        String checked = check(UID, what, uid);
        if (checked.length() > 64) {
            throw new IllegalArgumentException(what + " is longer than 64 characters");
        }
        return checked;
    }

    private static String check(Pattern pattern, String what, String value) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " is not valid for a store path: " + value);
        }
        return value;
    }
}
