package org.osteon.streams.deid.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DeidProfileTest {

    private static final String HEADER = """
            profile\ttest
            version\t1
            standard\tPS3.15 test
            option\tretain-patient-characteristics\t113108\tRetain Patient Characteristics Option\ton
            option\tretain-longitudinal-modified-dates\t113107\tModified Dates\toff
            vr-rule\tretain-longitudinal-modified-dates\tDA,DT\tC
            combined\tX/Z\tZ
            """;

    @Test
    void shouldTranscribeTheWholeAnnexETable() {
        DeidProfile profile = DeidProfile.loadDefault();

        // Table E.1-1 of PS3.15 2024b lists a little over 600 attributes; a truncated file must fail here.
        assertThat(profile.rules()).hasSizeGreaterThan(600);
        assertThat(profile.version()).isNotBlank();
        assertThat(profile.options().keySet())
                .containsExactlyInAnyOrder(
                        "retain-patient-characteristics",
                        "retain-longitudinal-modified-dates",
                        "clean-descriptors",
                        "retain-safe-private");
        assertThat(profile.options().get("retain-safe-private").enabledByDefault())
                .isFalse();
        assertThat(profile.options().get("retain-patient-characteristics").enabledByDefault())
                .isTrue();
        for (AttributeRule rule : profile.rules()) {
            assertThat(profile.resolve(rule.basicCode())).as(rule.name()).isNotNull();
        }
    }

    @Test
    void shouldApplyTheStandardsActionsAndTheOptions() {
        DeidProfile profile = DeidProfile.loadDefault();
        AttributeRule accession = profile.ruleFor(0x0008, 0x0050).orElseThrow();
        AttributeRule age = profile.ruleFor(0x0010, 0x1010).orElseThrow();
        AttributeRule studyDate = profile.ruleFor(0x0008, 0x0020).orElseThrow();
        AttributeRule birthDate = profile.ruleFor(0x0010, 0x0030).orElseThrow();
        Set<String> none = Set.of();
        Set<String> all =
                Set.of("retain-patient-characteristics", "retain-longitudinal-modified-dates", "clean-descriptors");

        assertThat(profile.actionFor(accession, "SH", all)).isEqualTo(Action.Z);
        assertThat(profile.actionFor(age, "AS", none)).isEqualTo(Action.X);
        assertThat(profile.actionFor(age, "AS", all)).isEqualTo(Action.K);
        assertThat(profile.actionFor(studyDate, "DA", none)).isEqualTo(Action.Z);
        assertThat(profile.actionFor(studyDate, "DA", all)).isEqualTo(Action.C);
        assertThat(profile.actionFor(birthDate, "DA", all))
                .as("a birth date never moves into the research zone")
                .isEqualTo(Action.Z);
        assertThat(profile.ruleFor(0x6002, 0x3000))
                .as("overlay data in any repeating group")
                .isPresent();
        assertThat(profile.ruleFor(0x5010, 0x1234))
                .as("curve data in any repeating group")
                .isPresent();
        assertThat(profile.ruleFor(0x0028, 0x0010))
                .as("Rows is not in the table")
                .isEmpty();
    }

    @Test
    void shouldReadAMinimalProfileAndItsWildcardsAndSafePrivateRows() {
        DeidProfile profile = DeidProfile.parse(HEADER + """
                attr\t(0008,0022)\tX/Z\t-\tAcquisition Date
                attr\t(60xx,3000)\tX\t-\tOverlay Data
                private\t(0019,xx10)\tACME 1.0\tDS\texposure index
                mask\tUS\t800x600\t0,0,800,60;0,560,800,40\tbanner
                burned-in-risk\tUS,sc
                """, "test");

        assertThat(profile.actionFor(profile.ruleFor(0x0008, 0x0022).orElseThrow(), "DA", Set.of()))
                .isEqualTo(Action.Z);
        assertThat(profile.actionFor(
                        profile.ruleFor(0x0008, 0x0022).orElseThrow(),
                        "DA",
                        Set.of("retain-longitudinal-modified-dates")))
                .isEqualTo(Action.C);
        assertThat(profile.ruleFor(0x60FE, 0x3000)).isPresent();
        assertThat(profile.ruleFor(0x60FE, 0x3001)).isEmpty();
        assertThat(profile.safePrivate())
                .singleElement()
                .satisfies(p -> assertThat(p.creator()).isEqualTo("ACME 1.0"))
                .satisfies(p -> assertThat(p.elementInBlock()).isEqualTo(0x10));
        assertThat(profile.masks())
                .singleElement()
                .satisfies(m -> assertThat(m.regions()).hasSize(2));
        assertThat(profile.burnedInRiskModalities()).containsExactlyInAnyOrder("US", "SC");
    }

    @Test
    void shouldNameTheLineOfEveryMistake() {
        assertThatThrownBy(() -> DeidProfile.parse(HEADER + "attr\t(0008,0050)\tQ\t-\tAccession\n", "p"))
                .hasMessageContaining("p:8")
                .hasMessageContaining("unknown action 'Q'");
        assertThatThrownBy(() -> DeidProfile.parse(HEADER + "attr\t(0008,0050)\tZ\tno-such-option=K\tAccession\n", "p"))
                .hasMessageContaining("option 'no-such-option' is not declared");
        assertThatThrownBy(() -> DeidProfile.parse(HEADER + "attr\t0008,0050\tZ\t-\tAccession\n", "p"))
                .hasMessageContaining("not a tag");
        assertThatThrownBy(() ->
                        DeidProfile.parse(HEADER + "attr\t(0008,0050)\tZ\t-\tA\nattr\t(0008,0050)\tX\t-\tB\n", "p"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> DeidProfile.parse(HEADER + "attr\t(0008,0050)\tX/D\t-\tA\n", "p"))
                .hasMessageContaining("no 'combined' line resolves X/D");
        assertThatThrownBy(() -> DeidProfile.parse("profile\tx\n", "p")).hasMessageContaining("no 'version' line");
    }
}
