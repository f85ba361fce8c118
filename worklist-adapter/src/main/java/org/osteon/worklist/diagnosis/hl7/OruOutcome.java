package org.osteon.worklist.diagnosis.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.model.Message;
import org.osteon.events.DiagnosisFinding;
import org.osteon.events.DiagnosisSource;

/** What {@link OruMapping} made of one message. */
sealed interface OruOutcome {

    /**
     * A final diagnosis to record.
     *
     * @param accessionNumber PHI: looked up, never logged or published
     * @param sender {@code hl7:<MSH-3>@<MSH-4>}
     */
    record Accepted(
            Message message,
            String controlId,
            String sender,
            String accessionNumber,
            DiagnosisFinding finding,
            DiagnosisSource source,
            String code)
            implements OruOutcome {}

    /**
     * A message answered AE or AR and dead-lettered.
     *
     * @param ackSource the message (or its MSH alone) to acknowledge; null when not even an MSH was read
     * @param reason safe to log and to send back: names no patient, order or value from the message
     * @param detail for the PHI dead letter only (a parser's message may quote the message)
     */
    record Refused(
            Message ackSource,
            String controlId,
            String sender,
            AcknowledgmentCode code,
            String errorType,
            String reason,
            String detail)
            implements OruOutcome {}
}
