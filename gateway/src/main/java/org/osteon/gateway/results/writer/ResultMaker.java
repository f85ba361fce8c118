package org.osteon.gateway.results.writer;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osteon.events.DeidentificationAudit;
import org.osteon.events.ResultObject;
import org.osteon.events.ResultObjectType;
import org.osteon.events.TriageDecision;
import org.osteon.gateway.results.objects.ActivationRegion;
import org.osteon.gateway.results.objects.Region;
import org.osteon.gateway.results.objects.ResultFacts;
import org.osteon.gateway.results.objects.ResultObjects;
import org.osteon.gateway.results.objects.WrittenObject;
import org.osteon.platform.dicom.DicomObjects;
import org.osteon.platform.dicom.UnreadableDicomException;
import org.osteon.platform.store.ActivationMapFile;
import org.osteon.platform.store.ClaimChecks;
import org.osteon.platform.store.ObjectStores;
import org.osteon.platform.store.RefusedClaimCheck;

/**
 * Makes the result objects of one image: reads the original from the PHI store (the de-identification
 * audit's claim check, which only the PHI zone holds) and the activation map from the research store,
 * writes the SR and the presentation state into the PHI store's results area, and announces each on the
 * outbox. Writing is idempotent: the objects' UIDs and bytes depend only on the source and the decision,
 * so a redone record rewrites the same files.
 */
public final class ResultMaker {

    /** Largest activation map read: far above any model's map (12 x 12 today), far below a memory risk. */
    static final int MAX_CAM_CELLS = 256 * 256;

    /** The input's fault: dead-lettered with this reason, never retried. */
    public static final class UnusableInput extends Exception {
        private final String errorType;

        UnusableInput(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }

    private final Path phiRoot;
    private final Path researchRoot;
    private final Clock clock;

    public ResultMaker(Path phiRoot, Path researchRoot, Clock clock) {
        this.phiRoot = phiRoot;
        this.researchRoot = researchRoot;
        this.clock = clock;
    }

    /**
     * @throws UnusableInput when the source or the decision cannot make a result (dead letter)
     * @throws IOException when a store cannot be read or written (transient: the record is retried)
     */
    public List<ResultObject> make(TriageDecision decision, DeidentificationAudit audit)
            throws UnusableInput, IOException {
        AttributeList source = readSource(audit);
        String studyUid = DicomObjects.string(source, TagFromName.StudyInstanceUID);
        String sourceSopUid = DicomObjects.string(source, TagFromName.SOPInstanceUID);
        if (studyUid == null || !audit.getSopInstanceUid().equals(sourceSopUid)) {
            throw new UnusableInput(
                    "CLAIM_CHECK_MISMATCH",
                    "the stored original does not hold the audited SOP Instance UID, or has no Study Instance UID");
        }
        int rows = Attribute.getSingleIntegerValueOrDefault(source, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(source, TagFromName.Columns, 0);
        Optional<Region> region = region(decision, rows, columns);
        ResultFacts facts = new ResultFacts(
                decision.getDecision().name(),
                decision.getMalignantProbability(),
                decision.getUncertainty() == null ? Double.NaN : decision.getUncertainty(),
                decision.getModelVersion(),
                decision.getThresholdsVersion() == null ? "" : decision.getThresholdsVersion(),
                decision.getProvenance(),
                decision.getDecidedAt(),
                region);
        // The study folder, its name checked like the PHI store checks every UID it files under.
        Path dir = ObjectStores.phiPath(phiRoot.resolve(ResultObjects.AREA), studyUid, sourceSopUid)
                .getParent();
        Files.createDirectories(dir);
        List<WrittenObject> written;
        try {
            written = ResultObjects.write(source, facts, dir);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new UnusableInput("RESULT_NOT_WRITABLE", "cannot build the result objects: " + e.getMessage());
        }
        List<ResultObject> events = new ArrayList<>();
        for (WrittenObject object : written) {
            events.add(ResultObject.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setCreatedAt(clock.instant())
                    .setReceivedAt(decision.getReceivedAt())
                    .setObjectType("SR".equals(object.modality()) ? ResultObjectType.SR : ResultObjectType.GSPS)
                    .setObjectUri(object.file().toAbsolutePath().toUri().toString())
                    .setObjectSha256(ObjectStores.sha256(object.file()))
                    .setSopClassUid(object.sopClassUid())
                    .setSopInstanceUid(object.sopInstanceUid())
                    .setStudyInstanceUid(studyUid)
                    .setSourceSopInstanceUid(sourceSopUid)
                    .setDecision(decision.getDecision())
                    .setModelVersion(decision.getModelVersion())
                    .setProvenance(decision.getProvenance())
                    .build());
        }
        return events;
    }

    private AttributeList readSource(DeidentificationAudit audit) throws UnusableInput, IOException {
        try {
            return DicomObjects.read(ClaimChecks.open(phiRoot, audit.getSourceObjectUri()));
        } catch (RefusedClaimCheck e) {
            throw new UnusableInput("CLAIM_CHECK_REFUSED", e.getMessage());
        } catch (NoSuchFileException e) {
            throw new UnusableInput("OBJECT_MISSING", "the original is no longer in the PHI store");
        } catch (UnreadableDicomException e) {
            throw new UnusableInput("UNREADABLE_DICOM", e.getMessage());
        }
    }

    /**
     * The activation region on the source image, when the decision has a map that can be read. A missing
     * or malformed map costs the outline only: the SR and the presentation state still carry the result.
     */
    private Optional<Region> region(TriageDecision decision, int rows, int columns) throws IOException {
        List<Integer> shape = decision.getCamShape();
        if (decision.getCamUri() == null || shape.size() != 2 || rows <= 0 || columns <= 0) {
            return Optional.empty();
        }
        int camRows = shape.get(0);
        int camColumns = shape.get(1);
        if (camRows <= 0 || camColumns <= 0 || (long) camRows * camColumns > MAX_CAM_CELLS) {
            return Optional.empty();
        }
        float[] cam;
        try {
            cam = ActivationMapFile.read(ClaimChecks.open(researchRoot, decision.getCamUri()), camRows, camColumns);
        } catch (RefusedClaimCheck | NoSuchFileException | ActivationMapFile.MalformedMapException e) {
            return Optional.empty();
        }
        return ActivationRegion.of(cam, camRows, camColumns, rows, columns);
    }
}
