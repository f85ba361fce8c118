package org.osteon.worklist.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PacsViewerTemplateTest {

    private static final String UID = "1.2.826.0.1.3680043.8.498.83033624784281688137755030840471530040";
    private static final StudyIdentifiers SAMPLE_01 = new StudyIdentifiers(UID, "FAKEACC00001", "FAKE-PID-0001");

    @Test
    void orthancStudyIdIsTheOneARealOrthancGaveTheSample() {
        // samples/radiographs/01-normal-femur.dcm and 04-normal-humerus.dcm POSTed to Orthanc's /instances:
        // these are the ParentStudy ids it answered and /studies listed.
        assertThat(OrthancStudyId.of("FAKE-PID-0001", UID)).isEqualTo("318bcc6e-61b7bbff-26fb025d-1d38ecf3-f742859d");
        assertThat(OrthancStudyId.of(
                        "FAKE-PID-0004", "1.2.826.0.1.3680043.8.498.96789039509612668744089698474562206194"))
                .isEqualTo("5113f75d-93833da7-a37188f0-3d3e15e0-41b71348");
    }

    @Test
    void fillsEveryPlaceholder() {
        PacsViewerTemplate template = PacsViewerTemplate.parse(
                "https://pacs.example.org/view?study={StudyInstanceUID}&acc={AccessionNumber}&pid={PatientID}"
                        + "#{OrthancStudyId}");
        assertThat(template.link(SAMPLE_01))
                .contains("https://pacs.example.org/view?study=" + UID + "&acc=FAKEACC00001&pid=FAKE-PID-0001"
                        + "#318bcc6e-61b7bbff-26fb025d-1d38ecf3-f742859d");
    }

    @Test
    void theDemoTemplateOpensOrthancExplorer() {
        PacsViewerTemplate demo =
                PacsViewerTemplate.parse("http://localhost:8043/app/explorer.html#study?uuid={OrthancStudyId}");
        assertThat(demo.link(SAMPLE_01))
                .contains(
                        "http://localhost:8043/app/explorer.html#study?uuid=318bcc6e-61b7bbff-26fb025d-1d38ecf3-f742859d");
    }

    @Test
    void hostileValuesStayInsideTheirComponent() {
        PacsViewerTemplate template =
                PacsViewerTemplate.parse("https://pacs.example.org/view/{PatientID}?study={StudyInstanceUID}");
        StudyIdentifiers hostile = new StudyIdentifiers(
                "1.2&next=https://evil.example/#x\"><script>", "A1", "../../admin?x=1 @evil.example/山田");
        String link = template.link(hostile).orElseThrow();

        assertThat(link)
                .isEqualTo(
                        "https://pacs.example.org/view/..%2F..%2Fadmin%3Fx%3D1%20%40evil.example%2F%E5%B1%B1%E7%94%B0"
                                + "?study=1.2%26next%3Dhttps%3A%2F%2Fevil.example%2F%23x%22%3E%3Cscript%3E");
        URI uri = URI.create(link);
        assertThat(uri.getHost()).isEqualTo("pacs.example.org");
        assertThat(uri.getRawPath()).isEqualTo("/view/..%2F..%2Fadmin%3Fx%3D1%20%40evil.example%2F%E5%B1%B1%E7%94%B0");
        assertThat(uri.getRawQuery()).startsWith("study=").doesNotContain("&");
        assertThat(uri.getRawFragment()).isNull();
        assertThat(uri.getQuery()).isEqualTo("study=1.2&next=https://evil.example/#x\"><script>");
    }

    @Test
    void noLinkWhileAValueTheTemplateNeedsIsMissing() {
        PacsViewerTemplate byAccession = PacsViewerTemplate.parse("https://ris.example.org/open?acc={AccessionNumber}");
        assertThat(byAccession.link(new StudyIdentifiers(UID, null, "P"))).isEmpty();
        assertThat(byAccession.link(new StudyIdentifiers(null, "A", null)))
                .contains("https://ris.example.org/open?acc=A");
        PacsViewerTemplate byOrthanc = PacsViewerTemplate.parse("https://pacs.example.org/#{OrthancStudyId}");
        assertThat(byOrthanc.link(new StudyIdentifiers(null, "A", "P"))).isEmpty();
        // Orthanc hashes a missing Patient ID as the empty string.
        assertThat(byOrthanc.link(new StudyIdentifiers(UID, "A", null)))
                .contains("https://pacs.example.org/#" + OrthancStudyId.of("", UID));
        // A value of dots alone would be a path step once the browser resolves the link.
        PacsViewerTemplate byPath = PacsViewerTemplate.parse("https://pacs.example.org/patients/{PatientID}/view");
        assertThat(byPath.link(new StudyIdentifiers(UID, "A", ".."))).isEmpty();
        assertThat(byPath.link(new StudyIdentifiers(UID, "A", "."))).isEmpty();
        assertThat(byPath.link(new StudyIdentifiers(UID, "A", "..P")))
                .contains("https://pacs.example.org/patients/..P/view");
        assertThat(PacsViewerTemplate.parse("https://pacs.example.org/worklist")
                        .link(new StudyIdentifiers(null, null, null)))
                .contains("https://pacs.example.org/worklist");
    }

    @Test
    void refusesWhatCouldMisleadOrBreak() {
        assertThat(PacsViewerTemplate.problem("javascript:alert({StudyInstanceUID})"))
                .get()
                .asString()
                .contains("http or https");
        assertThat(PacsViewerTemplate.problem("ftp://pacs.example.org/{StudyInstanceUID}"))
                .get()
                .asString()
                .contains("http or https");
        assertThat(PacsViewerTemplate.problem("/relative/{StudyInstanceUID}"))
                .get()
                .asString()
                .contains("http or https");
        assertThat(PacsViewerTemplate.problem("{PatientID}")).isPresent();
        assertThat(PacsViewerTemplate.problem("https://{PatientID}.example.org/"))
                .get()
                .asString()
                .contains("after the host");
        assertThat(PacsViewerTemplate.problem("https://pacs.example.org{PatientID}"))
                .get()
                .asString()
                .contains("after the host");
        assertThat(PacsViewerTemplate.problem("https://user:pw@pacs.example.org/{PatientID}"))
                .get()
                .asString()
                .contains("no user");
        assertThat(PacsViewerTemplate.problem("https://pacs.example.org/{StudyUID}"))
                .get()
                .asString()
                .contains("unknown placeholder {StudyUID}");
        assertThat(PacsViewerTemplate.problem("https://pacs.example.org/{studyinstanceuid}"))
                .isPresent();
        assertThat(PacsViewerTemplate.problem("https://pacs.example.org/{StudyInstanceUID"))
                .get()
                .asString()
                .contains("brace");
        assertThat(PacsViewerTemplate.problem("https://pacs.example.org/}{PatientID}"))
                .get()
                .asString()
                .contains("brace");
        assertThat(PacsViewerTemplate.problem("https://pacs.example.org/a b/{PatientID}"))
                .get()
                .asString()
                .contains("not a valid URL");
        assertThat(PacsViewerTemplate.problem(" ")).isPresent();
        assertThatThrownBy(() -> PacsViewerTemplate.parse("file:///etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(PacsViewerTemplate.problem(
                        "HTTPS://pacs.example.org:8443/viewer?StudyInstanceUIDs={StudyInstanceUID}"))
                .isEmpty();
        assertThat(PacsViewerTemplate.problem("http://localhost:8043/app/explorer.html#study?uuid={OrthancStudyId}"))
                .isEmpty();
    }
}
