package org.osteon.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osteon.schemas.key.Pseudonymizer;

class PseudonymizerTest {

    private static final String SECRET = "test-secret-test-secret-test-secret-0123";
    private final Pseudonymizer p = new Pseudonymizer(SECRET, "k1");

    @Test
    void shouldBeStableForOneSecretAndDifferAcrossSecrets() {
        assertThat(p.studyKey("1.2.3")).isEqualTo(new Pseudonymizer(SECRET, "k1").studyKey("1.2.3"));
        assertThat(p.studyKey("1.2.3")).isNotEqualTo(new Pseudonymizer(SECRET + "x", "k2").studyKey("1.2.3"));
        assertThat(p.studyKey("1.2.3")).hasSize(32).matches("[a-z2-7]+");
    }

    @Test
    void shouldSeparateDomains() {
        assertThat(p.studyKey("1.2.3")).isNotEqualTo(p.instanceKey("1.2.3")).isNotEqualTo(p.seriesKey("1.2.3"));
        assertThat(p.uid("study", "1.2.3")).isNotEqualTo(p.uid("series", "1.2.3"));
    }

    @Test
    void shouldMakeValidDicomUids() {
        String uid = p.uid("study", "1.2.840.113619.2.55.3.604688.1");
        assertThat(uid).startsWith("2.25.").matches("2\\.25\\.[1-9][0-9]*|2\\.25\\.0");
        assertThat(uid.length()).isLessThanOrEqualTo(64);
    }

    @Test
    void shouldMakeEachPseudonymWithTheKeyOfItsPurpose() {
        // Computed apart from this code (Python's hmac and hashlib, RFC 5869 written out): HKDF-SHA256 of the
        // secret per purpose, then HMAC over the domain tag and the identifier, as docs/deidentification.md says.
        assertThat(p.studyKey("1.2.3")).isEqualTo("lvj6qwzzu3krjwj7xihkkpcznknyrndz");
        assertThat(p.seriesKey("1.2.3")).isEqualTo("7w3itv4bapzcegw7vpu5r45wjwodaufy");
        assertThat(p.instanceKey("1.2.3")).isEqualTo("hwitpoty4gi3oprccgap5knr7js46ksy");
        assertThat(p.patientKey("PID-1")).isEqualTo("6rt3t7rocihe3bfmpj7ffwyuvww7f3ev");
        assertThat(p.dateShiftDays("PID-1", 3650)).isEqualTo(2887);
        assertThat(p.uid("dicom", "1.2.840.113619.2.55.3.604688.1"))
                .isEqualTo("2.25.305324396741614983815599233334442229953");
        // Key id k1 made HMAC(secret, "study" 0 uid) with the secret itself: no k2 pseudonym matches a k1 one.
        assertThat(p.studyKey("1.2.3")).isNotEqualTo("nqobluwjwddlveffaxrhb6qz7giyqb65");
    }

    @Test
    void shouldRefuseAShortSecret() {
        assertThatThrownBy(() -> new Pseudonymizer("short", "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void shouldShiftOnePatientsDatesByOneStableAmountWithinTheLimit() {
        int days = p.dateShiftDays("PID-1", 3650);
        assertThat(days).isBetween(1, 3650).isEqualTo(new Pseudonymizer(SECRET, "k1").dateShiftDays("PID-1", 3650));
        java.util.Set<Integer> shifts = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            int d = p.dateShiftDays("PID-" + i, 30);
            assertThat(d).isBetween(1, 30);
            shifts.add(d);
        }
        assertThat(shifts).as("shifts spread over the range").hasSizeGreaterThan(20);
        assertThat(p.patientKey("PID-1")).isNotEqualTo(p.studyKey("PID-1")).hasSize(32);
        assertThatThrownBy(() -> p.dateShiftDays("PID-1", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
