package org.osteon.streams.deid;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographReceived;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.streams.dicom.Deidentifier;
import org.osteon.streams.dicom.DicomHeader;
import org.osteon.streams.dicom.UnreadableDicomException;
import org.osteon.streams.store.ObjectStores;

/**
 * One received object to one de-identified object: check the claim check, de-identify into the
 * research store, describe the result without any identifier.
 */
public final class Deidentification {

    /** One pseudonym domain for every UID, so a reference to another object maps like that object's own UID. */
    static final String UID_DOMAIN = "dicom";

    private final Pseudonymizer pseudonymizer;
    private final Path phiRoot;
    private final Path researchRoot;
    private final Clock clock;

    public Deidentification(Pseudonymizer pseudonymizer, Path phiRoot, Path researchRoot, Clock clock) {
        this.pseudonymizer = pseudonymizer;
        this.phiRoot = phiRoot;
        this.researchRoot = researchRoot;
        this.clock = clock;
    }

    public RadiographDeidentified apply(RadiographReceived received) throws StageFailure {
        Path source = claimCheck(received);
        String studyKey = pseudonymizer.studyKey(received.getStudyInstanceUid());
        String instanceKey = pseudonymizer.instanceKey(received.getSopInstanceUid());
        Path target = ObjectStores.researchPath(researchRoot, studyKey, instanceKey);
        DicomHeader header;
        try {
            header = Deidentifier.deidentify(source, target,
                    uid -> pseudonymizer.uid(UID_DOMAIN, uid), studyKey);
        } catch (UnreadableDicomException e) {
            throw new StageFailure("UNREADABLE_DICOM", e.getMessage(), e);
        } catch (IOException e) {
            throw new StageFailure("STORE_WRITE_FAILED", "cannot write the de-identified object: " + e.getMessage(), e);
        }
        return RadiographDeidentified.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setReceivedAt(received.getReceivedAt())
                .setDeidentifiedAt(clock.instant())
                .setStudyKey(studyKey)
                .setSeriesKey(pseudonymizer.seriesKey(received.getSeriesInstanceUid()))
                .setInstanceKey(instanceKey)
                .setPseudonymKeyId(pseudonymizer.keyId())
                .setObjectUri(target.toAbsolutePath().toUri().toString())
                .setSopClassUid(header.sopClassUid())
                .setModality(header.modality())
                .setBodyPartExamined(header.bodyPartExamined())
                .setLaterality(header.laterality())
                .setViewPosition(header.viewPosition())
                .setPhotometricInterpretation(header.photometricInterpretation())
                .setRows(header.hasPixelData() ? header.rows() : null)
                .setColumns(header.hasPixelData() ? header.columns() : null)
                .setPatientAgeYears(PatientAge.years(header.patientAge()))
                .setPatientSex(header.patientSex())
                .setEligible(Eligibility.ineligibleReason(header).isEmpty())
                .setIneligibleReason(Eligibility.ineligibleReason(header).orElse(null))
                .setDeidentificationMethod(Deidentifier.METHOD)
                .build();
    }

    /** The stored object, once its digest matches the event: a changed object must never be de-identified silently. */
    private Path claimCheck(RadiographReceived received) throws StageFailure {
        Path source;
        try {
            source = Path.of(URI.create(received.getObjectUri()));
        } catch (RuntimeException e) {
            throw new StageFailure("CLAIM_CHECK_INVALID", "object URI is not a file URI: " + received.getObjectUri(), e);
        }
        if (!ObjectStores.isInside(phiRoot, source)) {
            throw new StageFailure("CLAIM_CHECK_INVALID", "object URI lies outside the PHI store: " + received.getObjectUri());
        }
        if (!Files.isRegularFile(source)) {
            throw new StageFailure("CLAIM_CHECK_MISSING", "stored object not found: " + received.getObjectUri());
        }
        String actual;
        try {
            actual = ObjectStores.sha256(source);
        } catch (IOException e) {
            throw new StageFailure("CLAIM_CHECK_MISSING", "cannot read stored object: " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(received.getObjectSha256())) {
            throw new StageFailure("CLAIM_CHECK_MISMATCH", "SHA-256 of " + received.getObjectUri() + " is " + actual
                    + ", the event says " + received.getObjectSha256());
        }
        return source;
    }
}
