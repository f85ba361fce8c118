package org.osteon.gateway.results.objects;

import static org.osteon.gateway.results.objects.DicomAttributes.ascii;
import static org.osteon.gateway.results.objects.DicomAttributes.date;
import static org.osteon.gateway.results.objects.DicomAttributes.put;
import static org.osteon.gateway.results.objects.DicomAttributes.time;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

/** The header modules both objects write the same way: SOP Common, the new series, the equipment. */
final class ResultHeader {

    static final String DEVICE_NAME = "Osteon";
    static final String MANUFACTURER = "Osteon (research prototype)";

    private ResultHeader() {}

    /** SOP Common Module (PS3.3 C.12.1); creation date and time are the decision's, so a rewrite is identical. */
    static void common(AttributeList list, ResultFacts facts, String sopClassUid, String sopInstanceUid)
            throws DicomException {
        put(list, TagFromName.SOPClassUID, sopClassUid);
        put(list, TagFromName.SOPInstanceUID, sopInstanceUid);
        put(list, TagFromName.InstanceCreationDate, date(facts.decidedAt()));
        put(list, TagFromName.InstanceCreationTime, time(facts.decidedAt()));
        put(list, TagFromName.TimezoneOffsetFromUTC, "+0000");
    }

    /** The new series in the source's study: General Series, or SR Document / Presentation Series. */
    static void series(
            AttributeList list, String modality, String seriesUid, int number, String description, ResultFacts facts)
            throws DicomException {
        put(list, TagFromName.Modality, modality);
        put(list, TagFromName.SeriesInstanceUID, seriesUid);
        put(list, TagFromName.SeriesNumber, Integer.toString(number));
        put(list, TagFromName.SeriesDate, date(facts.decidedAt()));
        put(list, TagFromName.SeriesTime, time(facts.decidedAt()));
        put(list, TagFromName.SeriesDescription, ascii(description, 64));
    }

    /** General and Enhanced General Equipment (PS3.3 C.7.5.1, C.7.5.2): the model is the device. */
    static void equipment(AttributeList list, ResultFacts facts) throws DicomException {
        put(list, TagFromName.Manufacturer, MANUFACTURER);
        put(list, TagFromName.ManufacturerModelName, ascii(facts.modelName(), 64));
        put(list, TagFromName.DeviceSerialNumber, ascii(facts.modelName() + "@" + facts.modelVersion(), 64));
        put(list, TagFromName.SoftwareVersions, ascii(facts.modelVersion(), 64));
    }
}
