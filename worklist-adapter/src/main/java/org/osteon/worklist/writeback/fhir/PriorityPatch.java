package org.osteon.worklist.writeback.fhir;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.osteon.events.WorklistPriority;

/**
 * The FHIRPath Patch that replaces ServiceRequest.priority and nothing else: the RIS owns the rest of
 * the order, so a PUT of a whole resource we only half know would overwrite its data.
 */
public final class PriorityPatch {

    private PriorityPatch() {}

    /** FHIR R4 request-priority codes: routine | urgent | asap | stat. */
    public static String code(WorklistPriority priority) {
        return switch (priority) {
            case STAT -> "stat";
            case URGENT -> "urgent";
            case ROUTINE -> "routine";
        };
    }

    public static Parameters of(WorklistPriority priority) {
        Parameters patch = new Parameters();
        var operation = patch.addParameter().setName("operation");
        operation.addPart().setName("type").setValue(new CodeType("replace"));
        operation.addPart().setName("path").setValue(new StringType("ServiceRequest.priority"));
        operation.addPart().setName("value").setValue(new CodeType(code(priority)));
        return patch;
    }

    /** The conditional URL that finds the order by its accession number. */
    public static String conditionalUrl(String identifierSystem, String accessionNumber) {
        return "ServiceRequest?identifier=" + identifierSystem + "|" + accessionNumber;
    }
}
