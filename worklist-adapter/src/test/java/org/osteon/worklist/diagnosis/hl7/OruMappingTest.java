package org.osteon.worklist.diagnosis.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.AcknowledgmentCode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;

class OruMappingTest {

    private final OruMapping mapping =
            new OruMapping(Set.of(OruMessages.APPLICATION), Optional.of(Set.of(OruMessages.FACILITY)));

    @Test
    void shouldMapAFinalIcdO3HistologyToItsFindingAndAcknowledgeAa() throws Exception {
        OruOutcome.Accepted accepted =
                (OruOutcome.Accepted) mapping.map(OruMessages.diagnosis("C1", "ACC4711", "9180/3"));

        assertThat(accepted.accessionNumber()).isEqualTo("ACC4711");
        assertThat(accepted.finding()).isEqualTo(DiagnosisFinding.MALIGNANT);
        assertThat(accepted.source()).isEqualTo(DiagnosisSource.PATHOLOGY);
        assertThat(accepted.code()).isEqualTo("9180/3");
        assertThat(accepted.sender()).isEqualTo("hl7:PATHLIS@HOSP");
        assertThat(accepted.controlId()).isEqualTo("C1");
        String ack =
                new String(mapping.ack(accepted.message(), AcknowledgmentCode.AA, null), StandardCharsets.ISO_8859_1);
        assertThat(ack).contains("MSA|AA|C1");
    }

    @Test
    void shouldMapTheBehaviourDigitAndTheNoTumourCode() {
        assertThat(OruMapping.finding("9220/0", "ICDO3")).isEqualTo(DiagnosisFinding.BENIGN_TUMOUR);
        assertThat(OruMapping.finding("9250/1", "ICDO3")).isEqualTo(DiagnosisFinding.BENIGN_TUMOUR);
        assertThat(OruMapping.finding("9260/3", "ICDO")).isEqualTo(DiagnosisFinding.MALIGNANT);
        assertThat(OruMapping.finding("281900007", "SCT")).isEqualTo(DiagnosisFinding.NO_TUMOUR);
        assertThat(OruMapping.source("RAD")).isEqualTo(DiagnosisSource.SIGNED_REPORT);
        assertThat(OruMapping.source(null)).isEqualTo(DiagnosisSource.OTHER);
    }

    @Test
    void shouldTakeTheAccessionFromOrc3WhenObr3IsEmpty() {
        String text = OruMessages.diagnosis("C2", "ACC1", "9180/3")
                .replace("ORC|RE||", "ORC|RE||ACC-ORC")
                .replace("|PLACC1|ACC1|", "|PLACC1||");
        assertThat(((OruOutcome.Accepted) mapping.map(text)).accessionNumber()).isEqualTo("ACC-ORC");
    }

    @Test
    void shouldRefuseASenderThatIsNotAllowedWithAr() {
        String text = OruMessages.diagnosis("C3", "ACC1", "9180/3").replace("|PATHLIS|", "|OTHERLIS|");
        assertRefused(mapping.map(text), AcknowledgmentCode.AR, "SENDER_NOT_ALLOWED");
        String otherFacility = OruMessages.diagnosis("C3", "ACC1", "9180/3").replace("|HOSP|", "|ELSEWHERE|");
        assertRefused(mapping.map(otherFacility), AcknowledgmentCode.AR, "SENDER_NOT_ALLOWED");
    }

    @Test
    void shouldRefuseAnotherMessageTypeWithAr() throws Exception {
        String adt = OruMessages.diagnosis("C4", "ACC1", "9180/3").replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01");
        OruOutcome.Refused refused = assertRefused(mapping.map(adt), AcknowledgmentCode.AR, "WRONG_TYPE");
        String ack = new String(
                mapping.ack(refused.ackSource(), refused.code(), refused.reason()), StandardCharsets.ISO_8859_1);
        // The reason travels HL7-escaped: ^ is the component separator.
        assertThat(ack).contains("MSA|AR|C4|only ORU\\S\\R01 is accepted");
    }

    @Test
    void shouldRefuseWhatIsNotHl7WithoutAnAck() {
        OruOutcome.Refused refused = assertRefused(mapping.map("GET / HTTP/1.1\r\n"), AcknowledgmentCode.AR, "NOT_HL7");
        assertThat(refused.ackSource()).isNull();
    }

    @Test
    void shouldRefuseAMessageWithoutControlId() {
        String text = OruMessages.diagnosis("", "ACC1", "9180/3");
        assertRefused(mapping.map(text), AcknowledgmentCode.AR, "NO_CONTROL_ID");
    }

    @Test
    void shouldRefuseATooLargeMessageFromItsFirstBytesAndAcknowledgeAr() throws Exception {
        String prefix = OruMessages.diagnosis("C5", "ACC1", "9180/3").substring(0, 120);
        OruOutcome.Refused refused = assertRefused(mapping.tooLarge(prefix, 1024), AcknowledgmentCode.AR, "TOO_LARGE");
        String ack = new String(
                mapping.ack(refused.ackSource(), refused.code(), refused.reason()), StandardCharsets.ISO_8859_1);
        assertThat(ack).contains("MSA|AR|C5|message exceeds 1024 bytes");
    }

    @Test
    void shouldAnswerAeForAnUnmappableFinding() {
        assertRefused(
                mapping.map(OruMessages.diagnosis("C6", "ACC1", "9180/2")),
                AcknowledgmentCode.AE,
                "UNMAPPABLE_FINDING");
        assertRefused(
                mapping.map(OruMessages.diagnosis("C7", "ACC1", "osteosarcoma")),
                AcknowledgmentCode.AE,
                "UNMAPPABLE_FINDING");
        String wrongSystem = OruMessages.diagnosis("C8", "ACC1", "9180/3").replace("^ICDO3|", "^L|");
        assertRefused(mapping.map(wrongSystem), AcknowledgmentCode.AE, "UNMAPPABLE_FINDING");
        String noDiagnosisObx = OruMessages.diagnosis("C9", "ACC1", "9180/3").replace("59847-4", "22637-3");
        assertRefused(mapping.map(noDiagnosisObx), AcknowledgmentCode.AE, "UNMAPPABLE_FINDING");
        String text = OruMessages.diagnosis("C10", "ACC1", "9180/3").replace("OBX|1|CWE|", "OBX|1|TX|");
        assertRefused(mapping.map(text), AcknowledgmentCode.AE, "UNMAPPABLE_FINDING");
    }

    @Test
    void shouldAnswerAeForAnIcdO3CodeWithoutCodingSystem() {
        // Found by fuzzing the delimiters: OBX-5.3 empty once threw a NullPointerException out of map(), which
        // killed the connection with no ACK and no dead letter.
        String noSystem = OruMessages.diagnosis("C10b", "ACC1", "9180/3").replace("^ICDO3|", "|");
        assertRefused(mapping.map(noSystem), AcknowledgmentCode.AE, "UNMAPPABLE_FINDING");
    }

    @Test
    void shouldAnswerAeForAPreliminaryResultOrAMissingAccession() {
        String preliminary = OruMessages.diagnosis("C11", "ACC1", "9180/3").replace("||||||F|||", "||||||P|||");
        assertRefused(mapping.map(preliminary), AcknowledgmentCode.AE, "NOT_FINAL");
        String noAccession = OruMessages.diagnosis("C12", "ACC1", "9180/3").replace("|PLACC1|ACC1|", "|PLACC1||");
        assertRefused(mapping.map(noAccession), AcknowledgmentCode.AE, "NO_ACCESSION");
    }

    @Test
    void shouldNotReadTheClinicalDates() {
        // OBX-14, OBR-7 and MSH-7 never reach the event (it carries the receipt time), so a date in the future
        // or no date at all is no reason to refuse a diagnosis.
        String future = OruMessages.diagnosis("C13", "ACC1", "9180/3").replace("20261201095500", "20270101095500");
        assertThat(mapping.map(future)).isInstanceOf(OruOutcome.Accepted.class);
    }

    @Test
    void shouldNeverQuoteThePatientOrTheAccessionInAReason() {
        for (String text : new String[] {
            OruMessages.diagnosis("C14", "ACC4711", "9180/2"),
            OruMessages.diagnosis("C15", "ACC4711", "9180/3").replace("|PATHLIS|", "|OTHER|"),
            OruMessages.diagnosis("C16", "ACC4711", "9180/3").replace("||||||F|||", "||||||P|||")
        }) {
            OruOutcome.Refused refused = (OruOutcome.Refused) mapping.map(text);
            assertThat(refused.reason()).doesNotContain("ACC4711", "PID778899", "Doe");
        }
    }

    private static OruOutcome.Refused assertRefused(OruOutcome outcome, AcknowledgmentCode code, String errorType) {
        assertThat(outcome).isInstanceOf(OruOutcome.Refused.class);
        OruOutcome.Refused refused = (OruOutcome.Refused) outcome;
        assertThat(refused.code()).as(refused.reason()).isEqualTo(code);
        assertThat(refused.errorType()).as(refused.reason()).isEqualTo(errorType);
        return refused;
    }
}
