package org.osteon.streams.deid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.osteon.events.AttributeAction;
import org.osteon.events.DeidentificationAudit;
import org.osteon.events.DeidentificationOutcome;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographReceived;
import org.osteon.platform.dicom.DicomHeader;
import org.osteon.platform.dicom.UnreadableDicomException;
import org.osteon.platform.store.ClaimChecks;
import org.osteon.platform.store.ObjectStores;
import org.osteon.platform.store.RefusedClaimCheck;
import org.osteon.schemas.key.Pseudonymizer;
import org.osteon.streams.deid.profile.AuditEntry;
import org.osteon.streams.deid.profile.DeidProfile;

/**
 * One received object to one de-identified object: check the claim check, de-identify into the
 * research store under the configured profile, describe the result without any identifier, and
 * account for what was done in an audit record that stays in the PHI zone.
 */
public final class Deidentification {

    /** One pseudonym domain for every UID, so a reference to another object maps like that object's own UID. */
    static final String UID_DOMAIN = "dicom";

    /** Default bound of the keyed date shift: up to ten years back. */
    public static final int DEFAULT_MAX_DATE_SHIFT_DAYS = 3650;

    /** Error type of a quarantined object on the PHI dead-letter topic. */
    public static final String QUARANTINED = "QUARANTINED_BURNED_IN_ANNOTATION";

    /** The result for one received object: the research event (null when quarantined) and its audit. */
    public record Outcome(RadiographDeidentified deidentified, DeidentificationAudit audit) {
        public boolean quarantined() {
            return deidentified == null;
        }
    }

    private final Pseudonymizer pseudonymizer;
    private final Deidentifier deidentifier;
    private final Path phiRoot;
    private final Path researchRoot;
    private final Clock clock;
    private final String site;

    /** With the shipped profile and its default options. */
    public Deidentification(Pseudonymizer pseudonymizer, Path phiRoot, Path researchRoot, Clock clock) {
        this(
                pseudonymizer,
                deidentifier(pseudonymizer, DeidProfile.loadDefault(), null, DEFAULT_MAX_DATE_SHIFT_DAYS),
                phiRoot,
                researchRoot,
                clock);
    }

    public Deidentification(
            Pseudonymizer pseudonymizer, Deidentifier deidentifier, Path phiRoot, Path researchRoot, Clock clock) {
        this(pseudonymizer, deidentifier, phiRoot, researchRoot, clock, null);
    }

    /** @param site the configured site stamped on every event (osteon.site); null when unset */
    public Deidentification(
            Pseudonymizer pseudonymizer,
            Deidentifier deidentifier,
            Path phiRoot,
            Path researchRoot,
            Clock clock,
            String site) {
        this.site = site;
        this.pseudonymizer = pseudonymizer;
        this.deidentifier = deidentifier;
        this.phiRoot = phiRoot;
        this.researchRoot = researchRoot;
        this.clock = clock;
    }

    /**
     * A de-identifier for a profile with keyed UIDs and date shifts.
     *
     * @param options the options to enable; null for the profile's defaults
     */
    public static Deidentifier deidentifier(
            Pseudonymizer pseudonymizer, DeidProfile profile, List<String> options, int maxDateShiftDays) {
        return deidentifier(pseudonymizer, profile, options, maxDateShiftDays, true);
    }

    /** As above, saying whether ages over 89 are aggregated ({@code osteon.deid.aggregate-ages-over-89}). */
    public static Deidentifier deidentifier(
            Pseudonymizer pseudonymizer,
            DeidProfile profile,
            List<String> options,
            int maxDateShiftDays,
            boolean aggregateAgesOver89) {
        var enabled = options != null
                ? java.util.Set.copyOf(options)
                : profile.options().values().stream()
                        .filter(o -> o.enabledByDefault())
                        .map(o -> o.name())
                        .collect(java.util.stream.Collectors.toSet());
        return new Deidentifier(
                profile,
                enabled,
                uid -> pseudonymizer.uid(UID_DOMAIN, uid),
                patient -> pseudonymizer.dateShiftDays(patient, maxDateShiftDays),
                aggregateAgesOver89);
    }

    /**
     * The research event, or a {@link StageFailure} for anything that cannot leave the PHI zone.
     *
     * @throws StoreUnavailableException when a store failed: transient, the record must be tried again
     */
    public RadiographDeidentified apply(RadiographReceived received) throws StageFailure {
        Outcome outcome = process(received);
        if (outcome.quarantined()) {
            throw new StageFailure(QUARANTINED, outcome.audit().getReason());
        }
        return outcome.deidentified();
    }

    /**
     * De-identifies one object, or quarantines it; either way with its audit record.
     *
     * @throws StoreUnavailableException when a store failed: transient, the record must be tried again
     */
    public Outcome process(RadiographReceived received) throws StageFailure {
        Path source = claimCheck(received);
        String studyKey = pseudonymizer.studyKey(received.getStudyInstanceUid());
        String instanceKey = pseudonymizer.instanceKey(received.getSopInstanceUid());
        String patientKey =
                received.getPatientId() == null || received.getPatientId().isBlank()
                        ? studyKey
                        : pseudonymizer.patientKey(received.getPatientId());
        Path target = ObjectStores.researchPath(researchRoot, studyKey, instanceKey);
        Deidentifier.Result result;
        try {
            result = deidentifier.deidentify(source, target, patientKey);
        } catch (UnreadableDicomException e) {
            throw new StageFailure("UNREADABLE_DICOM", e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the stored object or write the de-identified one", e);
        }
        DeidentificationAudit.Builder audit = audit(received, result, studyKey, instanceKey);
        if (result.quarantined()) {
            quarantine(source, received);
            return new Outcome(
                    null,
                    audit.setOutcome(DeidentificationOutcome.QUARANTINED)
                            .setReason(result.quarantineReason())
                            .build());
        }
        audit.setOutcome(DeidentificationOutcome.DEIDENTIFIED)
                .setDeidentifiedObjectUri(target.toAbsolutePath().toUri().toString());
        return new Outcome(event(received, result.header(), studyKey, instanceKey, target), audit.build());
    }

    private DeidentificationAudit.Builder audit(
            RadiographReceived received, Deidentifier.Result result, String studyKey, String instanceKey) {
        List<AttributeAction> actions =
                result.audit().stream().map(Deidentification::action).toList();
        return DeidentificationAudit.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAuditedAt(clock.instant())
                .setReceivedEventId(received.getEventId())
                .setSopInstanceUid(received.getSopInstanceUid())
                .setSourceObjectUri(received.getObjectUri())
                .setStudyKey(studyKey)
                .setInstanceKey(instanceKey)
                .setProfileId(deidentifier.profile().id())
                .setProfileVersion(deidentifier.profile().version())
                .setOptions(deidentifier.options().stream().sorted().toList())
                .setDateShiftDays(result.dateShiftDays())
                .setActions(actions);
    }

    private static AttributeAction action(AuditEntry entry) {
        return new AttributeAction(entry.path(), entry.name(), entry.action().name(), entry.basis());
    }

    /**
     * A copy in the PHI store's quarantine folder, where an operator reviews held-back images; the
     * original stays where its claim check points, so a replay after adding a mask finds it.
     */
    private void quarantine(Path source, RadiographReceived received) throws StageFailure {
        try {
            Path folder = Files.createDirectories(phiRoot.resolve("quarantine"));
            Files.copy(source, folder.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot copy an object into the quarantine", e);
        }
    }

    private RadiographDeidentified event(
            RadiographReceived received, DicomHeader header, String studyKey, String instanceKey, Path target) {
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
                .setDeidentificationMethod(method())
                .setSite(site)
                .build();
    }

    /** PS3.15 profile, options and profile version, in words, for the research event. */
    private String method() {
        var profile = deidentifier.profile();
        String options = profile.options().values().stream()
                .filter(o -> deidentifier.options().contains(o.name()))
                .map(o -> o.meaning())
                .sorted()
                .collect(java.util.stream.Collectors.joining(", "));
        return "Basic Application Confidentiality Profile" + (options.isEmpty() ? "" : " with " + options) + " ("
                + profile.id() + " " + profile.version() + ")";
    }

    /**
     * The stored object, once it is confined to the PHI store and its digest matches the event: a changed
     * object must never be de-identified silently. Classified as before the resolver was shared: a bad
     * URI or a digest mismatch is the record's fault (dead letter), a missing object too (the gateway
     * wrote it before publishing), an unreadable store is transient.
     */
    private Path claimCheck(RadiographReceived received) throws StageFailure {
        try {
            return ClaimChecks.openVerified(phiRoot, received.getObjectUri(), received.getObjectSha256());
        } catch (RefusedClaimCheck e) {
            String type = e.reason() == RefusedClaimCheck.Reason.DIGEST_MISMATCH
                    ? "CLAIM_CHECK_MISMATCH"
                    : "CLAIM_CHECK_INVALID";
            throw new StageFailure(type, e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new StageFailure("CLAIM_CHECK_MISSING", "stored object not found: " + received.getObjectUri(), e);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the stored object", e);
        }
    }
}
