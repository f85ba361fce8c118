package org.osteon.gateway.stow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 2046/2387 multipart/related reader for STOW-RS bodies that streams: each part's body is read
 * through {@link #body()} as it arrives, so a request of many radiographs never sits in memory. Only a
 * part's headers are held, and they are bounded ({@link #MAX_HEADER_BYTES}), as is the preamble.
 */
public final class MultipartRelated {

    /** Headers of one part are a few lines; more is not a STOW-RS client. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Text before the first boundary, which RFC 2046 says to ignore. */
    static final int MAX_PREAMBLE_BYTES = 64 * 1024;

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern TYPE = Pattern.compile("(?i)(?:^|;)\\s*type=(\"([^\"]+)\"|([^;\\s]+))");

    /** One part's headers, names in lower case. */
    public record Headers(Map<String, String> values) {
        public String contentType() {
            return values.getOrDefault("content-type", "application/octet-stream");
        }
    }

    private final InputStream in;
    /** CRLF "--" boundary: what ends a part's body (RFC 2046 §5.1.1). */
    private final byte[] delimiter;
    /** KMP failure function of {@link #delimiter}, so the body is scanned once, byte by byte. */
    private final int[] fallback;

    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int filled;
    private boolean finished;
    private PartBody current;

    /** @throws IllegalArgumentException when there is no boundary to split on */
    public MultipartRelated(InputStream body, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new IllegalArgumentException("multipart/related needs a boundary of 1 to 70 characters");
        }
        this.in = body;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.fallback = failureFunction(delimiter);
    }

    public static String boundary(String contentType) {
        return parameter(BOUNDARY, contentType);
    }

    /** The {@code type} parameter, e.g. application/dicom; null when absent. */
    public static String type(String contentType) {
        return parameter(TYPE, contentType);
    }

    /**
     * Moves to the next part, skipping what is left of the current one.
     *
     * @return its headers, or null after the closing boundary
     * @throws MalformedBodyException when the body is not multipart with this boundary
     */
    public Headers next() throws IOException {
        if (finished) {
            return null;
        }
        if (current == null) {
            // The first boundary may open the body, without the CRLF that precedes every other one.
            current = new PartBody(MAX_PREAMBLE_BYTES, true);
        }
        current.transferTo(java.io.OutputStream.nullOutputStream());
        current = null;
        int a = read();
        int b = read();
        if (a == '-' && b == '-') {
            finished = true;
            return null;
        }
        skipLine(a, b);
        Headers headers = headers();
        current = new PartBody(Long.MAX_VALUE, false);
        return headers;
    }

    /** The current part's body, ending at its boundary. */
    public InputStream body() {
        if (current == null) {
            throw new IllegalStateException("no current part");
        }
        return current;
    }

    /** Transport padding after a boundary, up to its CRLF. */
    private void skipLine(int a, int b) throws IOException {
        int previous = a;
        int c = b;
        int seen = 2;
        while (!(previous == '\r' && c == '\n')) {
            if (++seen > 1024) {
                throw new MalformedBodyException("boundary line longer than 1024 bytes");
            }
            previous = c;
            c = read();
        }
    }

    private Headers headers() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            int c = read();
            raw.write(c);
            if (raw.size() > MAX_HEADER_BYTES) {
                throw new MalformedBodyException("part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            byte[] bytes = raw.toByteArray();
            int n = bytes.length;
            if (n == 2 && bytes[0] == '\r' && bytes[1] == '\n') {
                return new Headers(Map.of());
            }
            if (n >= 4
                    && bytes[n - 4] == '\r'
                    && bytes[n - 3] == '\n'
                    && bytes[n - 2] == '\r'
                    && bytes[n - 1] == '\n') {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line : new String(bytes, 0, n - 4, StandardCharsets.ISO_8859_1).split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).trim());
                    }
                }
                return new Headers(headers);
            }
        }
    }

    private int read() throws IOException {
        if (position == filled) {
            filled = in.read(buffer, 0, buffer.length);
            position = 0;
            if (filled <= 0) {
                filled = 0;
                throw new MalformedBodyException("truncated multipart body: no closing boundary");
            }
        }
        return buffer[position++] & 0xFF;
    }

    /**
     * Bytes up to the next delimiter. Bytes that could begin the delimiter are held back until they
     * either complete it (the part ends) or stop matching (they were body bytes after all).
     */
    private final class PartBody extends InputStream {
        private final long limit;
        /** How many bytes of the delimiter the bytes held back match: {@code delimiter[0, matched)}. */
        private int matched;
        /** Held-back bytes being given out as body: {@code delimiter[releaseFrom, releaseTo)}. */
        private int releaseFrom;

        private int releaseTo;
        /** The byte that broke a match, looked at again once the released bytes are out; -1 when none. */
        private int pending = -1;

        private long produced;
        private boolean ended;

        PartBody(long limit, boolean atStart) {
            this.limit = limit;
            // At the very start of the body the CRLF before the first boundary counts as seen.
            this.matched = atStart ? 2 : 0;
        }

        @Override
        public int read() throws IOException {
            while (true) {
                if (releaseFrom < releaseTo) {
                    return count(delimiter[releaseFrom++] & 0xFF);
                }
                if (ended) {
                    return -1;
                }
                int c = pending >= 0 ? pending : MultipartRelated.this.read();
                pending = -1;
                if ((delimiter[matched] & 0xFF) == c) {
                    if (++matched == delimiter.length) {
                        ended = true;
                    }
                    continue;
                }
                if (matched == 0) {
                    return count(c);
                }
                int keep = fallback[matched];
                releaseFrom = 0;
                releaseTo = matched - keep;
                matched = keep;
                pending = c;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }

        private int count(int c) throws IOException {
            if (++produced > limit) {
                throw new MalformedBodyException("more than " + limit + " bytes before the first boundary");
            }
            return c;
        }
    }

    private static int[] failureFunction(byte[] pattern) {
        int[] f = new int[pattern.length + 1];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = f[k];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            f[i + 1] = k;
        }
        return f;
    }

    private static String parameter(Pattern pattern, String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = pattern.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** The body is not multipart/related with the declared boundary. */
    public static final class MalformedBodyException extends IOException {
        MalformedBodyException(String message) {
            super(message);
        }
    }
}
