package org.osteon.streams.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal RFC 2387 multipart/related reader for STOW-RS bodies: parts with their headers and bytes. */
public final class MultipartRelated {

    /** One body part; header names are lower case. */
    public record Part(Map<String, String> headers, byte[] body) {
        public String contentType() {
            return headers.getOrDefault("content-type", "application/octet-stream");
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern TYPE = Pattern.compile("(?i)(?:^|;)\\s*type=(\"([^\"]+)\"|([^;\\s]+))");

    private MultipartRelated() {
    }

    public static String boundary(String contentType) {
        return parameter(BOUNDARY, contentType);
    }

    /** The {@code type} parameter, e.g. application/dicom; null when absent. */
    public static String type(String contentType) {
        return parameter(TYPE, contentType);
    }

    /** @throws IllegalArgumentException when the body is not a multipart body with this boundary */
    public static List<Part> parse(byte[] body, String boundary) {
        if (boundary == null || boundary.isEmpty()) {
            throw new IllegalArgumentException("multipart/related without a boundary");
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] bodyDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new IllegalArgumentException("no boundary " + boundary + " in the body");
        }
        List<Part> parts = new ArrayList<>();
        int pos = at + delimiter.length;
        while (true) {
            if (startsWith(body, pos, "--")) {
                return parts;
            }
            pos = skipLine(body, pos);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            Map<String, String> headers = new LinkedHashMap<>();
            int contentStart;
            if (startsWith(body, pos, "\r\n")) {
                contentStart = pos + 2;
            } else if (headersEnd < 0) {
                throw new IllegalArgumentException("part without a header terminator");
            } else {
                for (String line : new String(body, pos, headersEnd - pos, StandardCharsets.ISO_8859_1).split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                    }
                }
                contentStart = headersEnd + 4;
            }
            int end = indexOf(body, bodyDelimiter, contentStart);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated part: no closing boundary");
            }
            parts.add(new Part(headers, Arrays.copyOfRange(body, contentStart, end)));
            pos = end + bodyDelimiter.length;
        }
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

    private static int skipLine(byte[] body, int pos) {
        int eol = indexOf(body, new byte[] {'\r', '\n'}, pos);
        if (eol < 0) {
            throw new IllegalArgumentException("truncated multipart body");
        }
        return eol + 2;
    }

    private static boolean startsWith(byte[] body, int pos, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        return pos + t.length <= body.length && Arrays.equals(body, pos, pos + t.length, t, 0, t.length);
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
