package org.osteon.worklist.writeback.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.message.OMI_O23;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.osteon.events.WorklistPriority;
import org.osteon.worklist.store.OutboxItem;

/**
 * Builds the HL7 v2.5.1 OMI^O23 order change that carries a new reading priority. OMI^O23 is the
 * imaging order message; its order group holds the TQ1 timing segment (TQ1-9 priority), and ORC-7 /
 * OBR-27 carry the same priority in the quantity/timing component 6 for receivers older than v2.5.
 */
public final class OrderChangeMessage {

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private OrderChangeMessage() {}

    /** TQ1-9 / TQ.6 priority codes of HL7 table 0027: S stat, A as soon as possible, R routine. */
    public static String priorityCode(WorklistPriority priority) {
        return switch (priority) {
            case STAT -> "S";
            case URGENT -> "A";
            case ROUTINE -> "R";
        };
    }

    public static OMI_O23 build(OutboxItem item, String sendingApplication, String receivingApplication, Instant now)
            throws HL7Exception, IOException {
        OMI_O23 message = new OMI_O23();
        // Filled by hand rather than by initQuickstart, whose control-id generator writes an id_file
        // into the working directory; the control id is the outbox row id anyway.
        MSH msh = message.getMSH();
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        msh.getMessageType().getMessageCode().setValue("OMI");
        msh.getMessageType().getTriggerEvent().setValue("O23");
        msh.getMessageType().getMessageStructure().setValue("OMI_O23");
        msh.getProcessingID().getProcessingID().setValue("P");
        msh.getVersionID().getVersionID().setValue("2.5.1");
        msh.getSendingApplication().getNamespaceID().setValue(sendingApplication);
        msh.getReceivingApplication().getNamespaceID().setValue(receivingApplication);
        msh.getDateTimeOfMessage().getTime().setValue(TS.format(now));
        // The outbox row id is the idempotence key: a resend after a crash carries the same control id.
        msh.getMessageControlID().setValue(item.id());
        // Enhanced mode: ask for an application ACK always, so AA/AE/AR tells us what the RIS did.
        msh.getAcceptAcknowledgmentType().setValue("AL");
        msh.getApplicationAcknowledgmentType().setValue("AL");

        var pid = message.getPATIENT().getPID();
        pid.getSetIDPID().setValue("1");
        if (item.patientId() != null) {
            pid.getPatientIdentifierList(0).getIDNumber().setValue(item.patientId());
        }
        if (item.patientName() != null) {
            // PN is family^given; the DICOM value's ideographic and phonetic groups (after '=') are dropped.
            String[] parts = item.patientName().split("=", -1)[0].split("\\^", -1);
            pid.getPatientName(0).getFamilyName().getSurname().setValue(parts[0]);
            if (parts.length > 1) {
                pid.getPatientName(0).getGivenName().setValue(parts[1]);
            }
        }

        var order = message.getORDER();
        String code = priorityCode(item.priority());
        ORC orc = order.getORC();
        orc.getOrderControl().setValue("XO");
        orc.getPlacerOrderNumber().getEntityIdentifier().setValue(item.accessionNumber());
        orc.getFillerOrderNumber().getEntityIdentifier().setValue(item.accessionNumber());
        orc.getOrderStatus().setValue("SC");
        orc.getQuantityTiming(0).getPriority().setValue(code);
        orc.getDateTimeOfTransaction().getTime().setValue(TS.format(now));

        var tq1 = order.getTIMING(0).getTQ1();
        tq1.getSetIDTQ1().setValue("1");
        tq1.getPriority(0).getIdentifier().setValue(code);
        tq1.getPriority(0).getNameOfCodingSystem().setValue("HL70027");

        OBR obr = order.getOBR();
        obr.getSetIDOBR().setValue("1");
        obr.getPlacerOrderNumber().getEntityIdentifier().setValue(item.accessionNumber());
        obr.getFillerOrderNumber().getEntityIdentifier().setValue(item.accessionNumber());
        obr.getUniversalServiceIdentifier().getIdentifier().setValue(item.modality() == null ? "XR" : item.modality());
        obr.getQuantityTiming(0).getPriority().setValue(code);
        return message;
    }
}
