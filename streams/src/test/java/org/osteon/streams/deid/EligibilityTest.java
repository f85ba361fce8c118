package org.osteon.streams.deid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osteon.platform.dicom.DicomHeader;

class EligibilityTest {

    private static DicomHeader header(String sopClass, String modality, boolean pixels, Integer samples) {
        return new DicomHeader(
                "1.2.840.10008.1.2.1",
                sopClass,
                "1.2",
                "1.3",
                "1.4",
                modality,
                null,
                null,
                null,
                "LEG",
                "L",
                "AP",
                "MONOCHROME2",
                16,
                16,
                samples,
                "045Y",
                "F",
                pixels);
    }

    @Test
    void shouldAcceptCrAndBothDigitalXRayStorageClasses() {
        assertThat(Eligibility.ineligibleReason(header("1.2.840.10008.5.1.4.1.1.1", "CR", true, 1)))
                .isEmpty();
        assertThat(Eligibility.ineligibleReason(header("1.2.840.10008.5.1.4.1.1.1.1", "DX", true, 1)))
                .isEmpty();
        assertThat(Eligibility.ineligibleReason(header("1.2.840.10008.5.1.4.1.1.1.1.1", "DX", true, 1)))
                .isEmpty();
    }

    @Test
    void shouldSayWhyAnythingElseIsNotScored() {
        assertThat(Eligibility.ineligibleReason(header("1.2.840.10008.5.1.4.1.1.2", "CT", true, 1)))
                .hasValueSatisfying(
                        r -> assertThat(r).isEqualTo("CT Image Storage (modality CT) is not a projection radiograph"));
        assertThat(Eligibility.ineligibleReason(header("1.2.840.10008.5.1.4.1.1.1", "CR", false, null)))
                .hasValueSatisfying(r -> assertThat(r).startsWith("no pixel data"));
        assertThat(Eligibility.ineligibleReason(header("1.2.840.10008.5.1.4.1.1.1", "CR", true, 3)))
                .hasValueSatisfying(r -> assertThat(r).contains("3 samples per pixel"));
        assertThat(Eligibility.ineligibleReason(header("1.2.840.10008.5.1.4.1.1.1.1", "MG", true, 1)))
                .hasValueSatisfying(r -> assertThat(r).contains("modality MG"));
    }
}
