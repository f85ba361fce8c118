package org.osteon.gateway.results.objects;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Osteon's result for one source image as DICOM objects for the original study (IHE AI Results): a
 * Comprehensive SR (TID 1500) with the numbers and codes, and a Grayscale Softcopy Presentation State that
 * draws them on the image. docs/results.md, "The objects", describes both.
 *
 * <p>A pure function of the source's header and the facts: same inputs, same UIDs and the same bytes.
 */
public final class ResultObjects {

    /** The PHI store's folder for result objects: the writer writes only here, delivery reads only here. */
    public static final String AREA = "results";

    private ResultObjects() {}

    /** The objects for one source image: the SR, then the GSPS; files named by their SOP Instance UID in dir. */
    public static List<WrittenObject> write(AttributeList source, ResultFacts facts, Path dir)
            throws IOException, DicomException {
        SourceAttributes copied = SourceAttributes.of(source);
        ObjectUids uids = ObjectUids.of(source, facts);
        AttributeList sr = new StructuredReportWriter().build(source, copied, facts, uids);
        AttributeList ps = new PresentationStateWriter().build(source, copied, facts, uids);
        Files.createDirectories(dir);
        Path srFile = dir.resolve(uids.srInstance() + ".dcm");
        Path psFile = dir.resolve(uids.psInstance() + ".dcm");
        DicomAttributes.write(sr, srFile);
        DicomAttributes.write(ps, psFile);
        return List.of(
                new WrittenObject(SOPClass.ComprehensiveSRStorage, uids.srInstance(), "SR", srFile),
                new WrittenObject(SOPClass.GrayscaleSoftcopyPresentationStateStorage, uids.psInstance(), "PR", psFile));
    }
}
