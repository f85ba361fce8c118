package org.osteon.streams.gateway;

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
        assertThat(MultipartRelated.boundary("multipart/related;boundary=xyz;type=application/dicom")).isEqualTo("xyz");
        assertThat(MultipartRelated.type("multipart/related;boundary=xyz;type=application/dicom")).isEqualTo("application/dicom");
    }

    @Test
    void shouldSplitBinaryPartsThatContainLineBreaksAndDashes() throws Exception {
        byte[] first = {0, 1, '\r', '\n', '-', '-', 'x', 2, (byte) 0xff};
        byte[] second = "second part".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("preamble\r\n--B0UND\r\nContent-Type: application/dicom\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(first);
        body.write("\r\n--B0UND\r\nContent-Type: text/plain\r\nContent-ID: <2>\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        body.write(second);
        body.write("\r\n--B0UND--\r\n".getBytes(StandardCharsets.US_ASCII));

        List<MultipartRelated.Part> parts = MultipartRelated.parse(body.toByteArray(), "B0UND");

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).body()).isEqualTo(first);
        assertThat(parts.get(0).contentType()).isEqualTo("application/dicom");
        assertThat(parts.get(1).body()).isEqualTo(second);
        assertThat(parts.get(1).headers()).containsEntry("content-id", "<2>");
    }

    @Test
    void shouldRefuseABodyWithoutItsClosingBoundary() {
        byte[] body = "--B\r\nContent-Type: application/dicom\r\n\r\nno end".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> MultipartRelated.parse(body, "B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartRelated.parse(body, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
