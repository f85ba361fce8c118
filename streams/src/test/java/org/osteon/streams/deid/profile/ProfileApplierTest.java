package org.osteon.streams.deid.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnknownAttribute;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules the profile file cannot express, applied by the engine itself. */
class ProfileApplierTest {

    @Test
    void shouldRemoveAValueOfVrUnThatTheProfileSaysToClean() throws Exception {
        // A sender that does not know an attribute sends it as UN: bytes in no known encoding, which no
        // cleaner can read. PixelMed gives a standard attribute its dictionary VR on reading, so the
        // case reaches the applier for attributes its dictionary lacks; here it is built in memory.
        AttributeList list = new AttributeList();
        UnknownAttribute description = new UnknownAttribute(TagFromName.StudyDescription);
        description.setValues("Yamada Tarou femur".getBytes(StandardCharsets.US_ASCII));
        list.put(description);
        ProfileApplier applier = new ProfileApplier(
                DeidProfile.loadDefault(),
                Set.of("clean-descriptors"),
                uid -> uid,
                null,
                new TextCleaner(List.of("Yamada")));

        List<AuditEntry> audit = applier.apply(list);

        assertThat(list.get(TagFromName.StudyDescription)).isNull();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("(0008,1030)");
            assertThat(e.action()).isEqualTo(Action.X);
            assertThat(e.basis()).contains("VR UN cannot be cleaned");
        });
    }
}
