package org.osteon.curation.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.osteon.curation.Events.deidentified;
import static org.osteon.curation.Events.diagnosis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.curation.label.Reconciliation;
import org.osteon.curation.write.DatasetRow;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;
import org.osteon.events.RadiographDeidentified;

class ImageSelectionTest {

    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    @TempDir
    Path store;

    private final Reconciliation labels = new Reconciliation();

    private BuildOptions options(int maxImages, long maxObjectBytes) {
        return new BuildOptions(
                store, store.resolveSibling("datasets"), "x", null, new SplitRule(30, 15), maxImages, maxObjectBytes);
    }

    private RadiographDeidentified labelledImage(String study, String instance, int bytes) throws Exception {
        labels.add(diagnosis(study, DiagnosisFinding.MALIGNANT, DiagnosisSource.PATHOLOGY, T0, T0));
        Path object = Files.createDirectories(store.resolve(study)).resolve(instance + ".dcm");
        Files.write(object, new byte[bytes]);
        return deidentified(study, instance, object.toUri().toString(), "site-b", true);
    }

    @Test
    void shouldTakeAnObjectAtTheBoundAndExcludeOneByteMore() throws Exception {
        ImageSelection selection = new ImageSelection(options(10, 100), labels)
                .select(List.of(labelledImage("studya", "insta", 100), labelledImage("studyb", "instb", 101)));

        assertThat(selection.rows()).extracting(DatasetRow::instanceKey).containsExactly("insta");
        assertThat(selection.exclusions().counts()).isEqualTo(Map.of(Exclusions.OBJECT_TOO_LARGE, 1));
    }

    @Test
    void shouldExcludeNamesThatAreNotPseudonymsAndClaimChecksThatAreNotFiles() throws Exception {
        RadiographDeidentified uid = labelledImage("studya", "insta", 10);
        uid.setInstanceKey("1.2.840.113619.2.1");
        RadiographDeidentified http = labelledImage("studyb", "instb", 10);
        http.setObjectUri("http://example.org/instb.dcm");

        ImageSelection selection = new ImageSelection(options(10, 100), labels).select(List.of(uid, http));

        assertThat(selection.rows()).isEmpty();
        assertThat(selection.exclusions().counts())
                .isEqualTo(Map.of(Exclusions.INVALID_PSEUDONYM, 1, Exclusions.CLAIM_CHECK_REFUSED, 1));
    }

    @Test
    void shouldRefuseMoreImagesThanTheBoundRatherThanCutThem() throws Exception {
        List<RadiographDeidentified> images =
                List.of(labelledImage("studya", "insta", 1), labelledImage("studyb", "instb", 1));

        assertThat(new ImageSelection(options(2, 100), labels).select(images).rows())
                .hasSize(2);
        assertThatThrownBy(() -> new ImageSelection(options(1, 100), labels).select(images))
                .isInstanceOf(TooManyImagesException.class)
                .hasMessageContaining("--max-images 1");
    }
}
