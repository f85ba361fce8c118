package org.osteon.gateway.stow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartRelatedTest {

    @Test
    void shouldReadTheBoundaryAndTypeParametersQuotedOrNot() {
        String header = "multipart/related; type=\"application/dicom\"; boundary=\"abc 123\"";

        assertThat(MultipartRelated.boundary(header)).isEqualTo("abc 123");
        assertThat(MultipartRelated.type(header)).isEqualTo("application/dicom");
        assertThat(MultipartRelated.boundary("multipart/related;boundary=xyz;type=application/dicom"))
                .isEqualTo("xyz");
        assertThat(MultipartRelated.type("multipart/related;boundary=xyz;type=application/dicom"))
                .isEqualTo("application/dicom");
    }

    @Test
    void shouldSplitBinaryPartsThatContainLineBreaksAndDashes() throws Exception {
        byte[] first = {0, 1, '\r', '\n', '-', '-', 'x', 2, (byte) 0xff, '\r', '\n', '-', '-', 'B', '0', 'U'};
        byte[] second = "second part".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                "preamble\r\n--B0UND\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(first);
        body.write("\r\n--B0UND\r\nContent-Type: text/plain\r\nContent-ID: <2>\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        body.write(second);
        body.write("\r\n--B0UND--\r\n".getBytes(StandardCharsets.US_ASCII));

        List<Part> parts = readAll(body.toByteArray(), "B0UND");

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).body()).isEqualTo(first);
        assertThat(parts.get(0).headers().contentType()).isEqualTo("application/dicom");
        assertThat(parts.get(1).body()).isEqualTo(second);
        assertThat(parts.get(1).headers().values()).containsEntry("content-id", "<2>");
    }

    @Test
    void shouldReadABodyThatOpensWithItsBoundaryAndAPartWithoutHeaders() throws Exception {
        byte[] body = "--B\r\n\r\nabc\r\n--B--".getBytes(StandardCharsets.US_ASCII);

        List<Part> parts = readAll(body, "B");

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.body()).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
            assertThat(p.headers().contentType()).isEqualTo("application/octet-stream");
        });
    }

    @Test
    void shouldStreamAPartLargerThanAnyBufferWithoutHoldingIt() throws Exception {
        byte[] big = new byte[3 << 20];
        new java.util.Random(7).nextBytes(big);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("--B\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(big);
        body.write("\r\n--B--\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(readAll(body.toByteArray(), "B"))
                .singleElement()
                .satisfies(p -> assertThat(p.body()).isEqualTo(big));
    }

    @Test
    void shouldRefuseABodyWithoutItsClosingBoundary() {
        byte[] body = "--B\r\nContent-Type: application/dicom\r\n\r\nno end".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> readAll(body, "B")).isInstanceOf(MultipartRelated.MalformedBodyException.class);
        assertThatThrownBy(() -> readAll(body, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseHeadersAndPreamblesBeyondTheirBounds() {
        byte[] headers = ("--B\r\nX-Filler: " + "x".repeat(MultipartRelated.MAX_HEADER_BYTES) + "\r\n\r\nabc\r\n--B--")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] preamble = ("p".repeat(MultipartRelated.MAX_PREAMBLE_BYTES + 1) + "\r\n--B\r\n\r\nabc\r\n--B--")
                .getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> readAll(headers, "B")).hasMessageContaining("part headers longer than");
        assertThatThrownBy(() -> readAll(preamble, "B")).hasMessageContaining("before the first boundary");
    }

    private record Part(MultipartRelated.Headers headers, byte[] body) {}

    private static List<Part> readAll(byte[] body, String boundary) throws java.io.IOException {
        MultipartRelated reader = new MultipartRelated(new java.io.ByteArrayInputStream(body), boundary);
        List<Part> parts = new java.util.ArrayList<>();
        for (MultipartRelated.Headers h = reader.next(); h != null; h = reader.next()) {
            parts.add(new Part(h, reader.body().readAllBytes()));
        }
        return parts;
    }
}
