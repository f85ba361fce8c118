package org.osteon.gateway.results.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objects carry the source's Specific Character Set, and the patient's name decodes, with pydicom,
 * to what the source's does; for ISO 2022 IR 87, which PixelMed cannot encode, byte for byte.
 */
class CharacterSetTest {

    @TempDir
    Path dir;

    /** The CJK sample rewritten by pydicom in ISO 2022 IR 87 (the repository has no such sample). */
    static Path ir87Copy(Path dir) throws Exception {
        Path copy = dir.resolve("ir87.dcm");
        ObjectTools.inspect(dir, "ir87", ObjectCases.CJK, copy);
        return copy;
    }

    @Test
    void shouldKeepIsoIr192Names() throws Exception {
        assertNamesSurvive(ObjectCases.CJK, "[\"ISO_IR 192\"]");
    }

    @Test
    void shouldKeepIso2022Ir87NamesByteForByte() throws Exception {
        JsonNode names = assertNamesSurvive(ir87Copy(dir), "[\"\",\"ISO 2022 IR 87\"]");
        for (int i = 1; i < 3; i++) {
            assertThat(names.get(i).get("rawPatientName").asText())
                    .isEqualTo(names.get(0).get("rawPatientName").asText());
        }
    }

    private JsonNode assertNamesSurvive(Path source, String charset) throws Exception {
        ObjectCases.Written written = ObjectCases.write(source, true, dir.resolve("out"));
        JsonNode names = ObjectTools.inspect(
                dir, "names", source, written.sr().file(), written.ps().file());

        assertThat(names.get(0).get("charset").toString()).isEqualTo(charset);
        assertThat(names.get(0).get("patientName").asText()).contains("=山田^太郎=やまだ^たろう");
        for (int i = 1; i < 3; i++) {
            assertThat(names.get(i).get("charset")).isEqualTo(names.get(0).get("charset"));
            assertThat(names.get(i).get("patientName").asText())
                    .isEqualTo(names.get(0).get("patientName").asText());
        }
        return names;
    }
}
