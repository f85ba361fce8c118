package org.osteon.worklist.diagnosis.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;
import org.osteon.worklist.diagnosis.DiagnosisCodes;

/**
 * Reads a final diagnosis out of an HL7 v2 ORU^R01 (docs/worklist.md#diagnoses has the table):
 *
 * <ul>
 *   <li>sender: MSH-3 must be an allowed sending application and, when facilities are configured, MSH-4 an
 *       allowed facility; else AR;
 *   <li>type: MSH-9 ORU^R01, else AR; MSH-10 (control id) must be set, else AR;
 *   <li>one patient result with one order (OBR); the accession number is OBR-3 (filler order number, where
 *       the RIS and the pathology system put the accession), else ORC-3;
 *   <li>exactly one OBX whose OBX-3 is LOINC {@value #DIAGNOSIS_OBSERVATION} (histology and behaviour,
 *       ICD-O-3), coded (OBX-2 CWE or CE), final (OBX-11 F or C); OBX-5 an ICD-O-3 morphology (coding
 *       system ICDO3 or ICDO) whose behaviour digit gives the finding: /3 MALIGNANT, /0 or /1 BENIGN_TUMOUR
 *       (/2, in situ, has no bone-tumour meaning and is refused); or SNOMED CT {@value #NO_TUMOUR_CODE}
 *       "no abnormality detected" (coding system SCT) for NO_TUMOUR;
 *   <li>source from OBR-24 (diagnostic service section, HL7 table 0074): SP, CP or PAT → PATHOLOGY, RAD →
 *       SIGNED_REPORT, anything else → OTHER;
 * </ul>
 *
 * The clinical dates (OBX-14, OBR-7, MSH-7) are not read: the published event carries the adapter's receipt
 * time instead, because a real date of care must not reach a topic without PHI (docs/security.md).
 *
 * Anything else that is wrong is AE: the message was understood but its content cannot be used.
 * Versions 2.3 to 2.5.1 are read into the 2.5.1 model.
 */
final class OruMapping {

    /** LOINC 59847-4, "Histology and behavior ICD-O-3 Cancer". */
    static final String DIAGNOSIS_OBSERVATION = "59847-4";

    /** SNOMED CT 281900007, "No abnormality detected". */
    static final String NO_TUMOUR_CODE = "281900007";

    static final Set<String> ICD_O_SYSTEMS = Set.of("ICDO3", "ICDO");
    static final String SNOMED_SYSTEM = "SCT";

    /** Control ids and sender names are logged; anything else in them is cut, so a log line stays plain. */
    private static final Pattern PRINTABLE = Pattern.compile("[^A-Za-z0-9_. -]");

    private final HapiContext context = new DefaultHapiContext();
    private final PipeParser parser;
    private final Set<String> applications;
    private final Optional<Set<String>> facilities;

    OruMapping(Set<String> applications, Optional<Set<String>> facilities) {
        this.applications = Set.copyOf(applications);
        this.facilities = facilities.map(Set::copyOf);
        // Structure rules are ours (below); HAPI's would refuse usable messages for cosmetic reasons.
        context.setValidationContext(ValidationContextFactory.noValidation());
        context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        // ACK control ids from memory: the default generator writes an id_file into the working directory.
        context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        parser = context.getPipeParser();
    }

    /** Maps one complete message. */
    OruOutcome map(String text) {
        Header header = Header.of(text);
        if (header == null) {
            return new OruOutcome.Refused(
                    null, "", "hl7:?", AcknowledgmentCode.AR, "NOT_HL7", "not an HL7 v2 message (no MSH)", null);
        }
        Message ackSource = headerOnly(header);
        OruOutcome.Refused screened = screen(header, ackSource);
        if (screened != null) {
            return screened;
        }
        Message message;
        try {
            message = parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            // HAPI's parser throws unchecked exceptions too; either way the message is refused unread.
            return unparsable(ackSource, header, e);
        }
        if (!(message instanceof ORU_R01 oru)) {
            return refused(message, header, AcknowledgmentCode.AR, "WRONG_TYPE", "only ORU^R01 is accepted", null);
        }
        try {
            return diagnosis(oru, header);
        } catch (Unusable e) {
            return refused(message, header, AcknowledgmentCode.AE, e.errorType, e.getMessage(), null);
        } catch (HL7Exception e) {
            return refused(message, header, AcknowledgmentCode.AE, "UNREADABLE_FIELD", "a field cannot be read", e);
        } catch (RuntimeException e) {
            // A Terser or model accessor that fails unchecked: the message cannot be read as we need it.
            return unparsable(message, header, e);
        }
    }

    /**
     * AR UNPARSABLE. The exception's text may quote segment content (PHI), so it goes only into the dead letter's
     * detail; the logged reason is fixed.
     */
    private static OruOutcome.Refused unparsable(Message ackSource, Header header, Exception cause) {
        return new OruOutcome.Refused(
                ackSource,
                header.controlId(),
                header.sender(),
                AcknowledgmentCode.AR,
                "UNPARSABLE",
                "cannot parse the message",
                "cannot parse the message: " + cause.getClass().getName() + ": " + cause.getMessage());
    }

    /** The first {@code maxBytes} of a message that went on: AR, acknowledged from its MSH. */
    OruOutcome tooLarge(String prefix, int maxBytes) {
        Header header = Header.of(prefix);
        String reason = "message exceeds " + maxBytes + " bytes";
        if (header == null) {
            return new OruOutcome.Refused(null, "", "hl7:?", AcknowledgmentCode.AR, "TOO_LARGE", reason, null);
        }
        return refused(headerOnly(header), header, AcknowledgmentCode.AR, "TOO_LARGE", reason, null);
    }

    /** The acknowledgement of {@code source}, encoded; MSA-3 and ERR carry the reason. */
    byte[] ack(Message source, AcknowledgmentCode code, String reason) throws HL7Exception, IOException {
        Message ack = code == AcknowledgmentCode.AA
                ? source.generateACK()
                : source.generateACK(code, new HL7Exception(reason));
        if (reason != null) {
            new Terser(ack).set("/MSA-3", reason);
        }
        return parser.encode(ack).getBytes(StandardCharsets.ISO_8859_1);
    }

    private OruOutcome.Refused screen(Header header, Message ackSource) {
        if (!applications.contains(header.application())
                || facilities.isPresent() && !facilities.get().contains(header.facility())) {
            return refused(ackSource, header, AcknowledgmentCode.AR, "SENDER_NOT_ALLOWED", "sender not allowed", null);
        }
        if (!"ORU".equals(header.messageCode()) || !"R01".equals(header.triggerEvent())) {
            return refused(ackSource, header, AcknowledgmentCode.AR, "WRONG_TYPE", "only ORU^R01 is accepted", null);
        }
        if (header.controlId().isBlank()) {
            return refused(ackSource, header, AcknowledgmentCode.AR, "NO_CONTROL_ID", "MSH-10 is empty", null);
        }
        return null;
    }

    private OruOutcome diagnosis(ORU_R01 oru, Header header) throws HL7Exception {
        if (oru.getPATIENT_RESULTReps() != 1 || oru.getPATIENT_RESULT().getORDER_OBSERVATIONReps() != 1) {
            throw new Unusable("ONE_ORDER", "exactly one patient result with one OBR per message");
        }
        ORU_R01_ORDER_OBSERVATION order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
        OBR obr = order.getOBR();
        String accession = firstSet(
                obr.getFillerOrderNumber().getEntityIdentifier().getValue(),
                order.getORC().getFillerOrderNumber().getEntityIdentifier().getValue());
        if (accession == null) {
            throw new Unusable("NO_ACCESSION", "no accession number in OBR-3 or ORC-3");
        }
        if (accession.length() > 64) {
            throw new Unusable("NO_ACCESSION", "the accession number is longer than 64 characters");
        }
        OBX obx = diagnosisObservation(order);
        String status = obx.getObservationResultStatus().getValue();
        if (!"F".equals(status) && !"C".equals(status)) {
            throw new Unusable("NOT_FINAL", "OBX-11 must be F or C: only final results are diagnoses");
        }
        String valueType = obx.getValueType().getValue();
        if (!"CWE".equals(valueType) && !"CE".equals(valueType) || obx.getObservationValueReps() != 1) {
            throw new Unusable("UNMAPPABLE_FINDING", "OBX-5 must be one coded value (OBX-2 CWE or CE)");
        }
        String code = trimmed(Terser.get(obx, 5, 0, 1, 1));
        String system = trimmed(Terser.get(obx, 5, 0, 3, 1));
        DiagnosisFinding finding = finding(code, system);
        return new OruOutcome.Accepted(
                oru,
                header.controlId(),
                header.sender(),
                accession,
                finding,
                source(obr.getDiagnosticServSectID().getValue()),
                code);
    }

    private static OBX diagnosisObservation(ORU_R01_ORDER_OBSERVATION order) throws HL7Exception {
        List<OBX> matching = new ArrayList<>();
        for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
            OBX obx = observation.getOBX();
            if (DIAGNOSIS_OBSERVATION.equals(
                    trimmed(obx.getObservationIdentifier().getIdentifier().getValue()))) {
                matching.add(obx);
            }
        }
        if (matching.size() != 1) {
            throw new Unusable(
                    "UNMAPPABLE_FINDING",
                    "expected one OBX with OBX-3 " + DIAGNOSIS_OBSERVATION + ", found " + matching.size());
        }
        return matching.get(0);
    }

    static DiagnosisFinding finding(String code, String system) {
        // Set.of(...).contains(null) throws: an OBX-5 without a coding system is unmappable, not a crash
        if (code != null && system != null && code.matches(DiagnosisCodes.ICD_O_3) && ICD_O_SYSTEMS.contains(system)) {
            return switch (code.charAt(5)) {
                case '3' -> DiagnosisFinding.MALIGNANT;
                case '0', '1' -> DiagnosisFinding.BENIGN_TUMOUR;
                default ->
                    throw new Unusable("UNMAPPABLE_FINDING", "ICD-O-3 behaviour /2 (in situ) maps to no finding");
            };
        }
        if (NO_TUMOUR_CODE.equals(code) && SNOMED_SYSTEM.equals(system)) {
            return DiagnosisFinding.NO_TUMOUR;
        }
        throw new Unusable(
                "UNMAPPABLE_FINDING",
                "OBX-5 must be an ICD-O-3 morphology (coding system ICDO3) or SNOMED CT " + NO_TUMOUR_CODE);
    }

    static DiagnosisSource source(String section) {
        String value = section == null ? "" : section.strip();
        return switch (value) {
            case "SP", "CP", "PAT" -> DiagnosisSource.PATHOLOGY;
            case "RAD" -> DiagnosisSource.SIGNED_REPORT;
            default -> DiagnosisSource.OTHER;
        };
    }

    /** The MSH alone, parsed, so even a message that is refused unread can be acknowledged. */
    private Message headerOnly(Header header) {
        try {
            return parser.parse(header.segment() + "\r");
        } catch (HL7Exception e) {
            return null;
        }
    }

    private static OruOutcome.Refused refused(
            Message ackSource,
            Header header,
            AcknowledgmentCode code,
            String errorType,
            String reason,
            Exception cause) {
        return new OruOutcome.Refused(
                ackSource,
                header.controlId(),
                header.sender(),
                code,
                errorType,
                reason,
                cause == null ? reason : reason + ": " + cause.getMessage());
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            String t = trimmed(value);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String printable(String value) {
        String cut = PRINTABLE.matcher(value == null ? "" : value).replaceAll("_");
        return cut.length() > 40 ? cut.substring(0, 40) : cut;
    }

    /** The MSH fields the screen needs, read without HAPI so that a refused message is never parsed whole. */
    record Header(
            String segment,
            String application,
            String facility,
            String messageCode,
            String triggerEvent,
            String controlId) {

        static Header of(String text) {
            int end = text.indexOf('\r');
            int newline = text.indexOf('\n');
            if (end < 0 || newline >= 0 && newline < end) {
                end = newline;
            }
            String segment = end < 0 ? text : text.substring(0, end);
            if (!segment.startsWith("MSH") || segment.length() < 8) {
                return null;
            }
            String fieldSeparator = segment.substring(3, 4);
            String[] fields = segment.split(Pattern.quote(fieldSeparator), -1);
            if (fields.length < 10 || fields[1].isEmpty()) {
                return null;
            }
            String componentSeparator = Pattern.quote(fields[1].substring(0, 1));
            String[] type = fields[8].split(componentSeparator, -1);
            return new Header(
                    segment,
                    fields[2].split(componentSeparator, -1)[0].strip(),
                    fields[3].split(componentSeparator, -1)[0].strip(),
                    type[0].strip(),
                    type.length > 1 ? type[1].strip() : "",
                    fields[9].strip());
        }

        /** {@code hl7:<application>@<facility>}, as TriageDiagnosis.recordedBy and the log lines name it. */
        String sender() {
            return "hl7:" + printable(application) + "@" + printable(facility);
        }
    }

    /** Content that cannot become a diagnosis: AE, with a reason that quotes nothing from the message. */
    static final class Unusable extends RuntimeException {
        final String errorType;

        Unusable(String errorType, String reason) {
            super(reason);
            this.errorType = errorType;
        }
    }
}
