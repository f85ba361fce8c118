package org.osteon.curation.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osteon.curation.label.LabelOutcome;
import org.osteon.curation.label.Reconciliation;
import org.osteon.curation.write.DatasetRow;
import org.osteon.events.RadiographDeidentified;
import org.osteon.platform.store.ClaimChecks;
import org.osteon.platform.store.ObjectStores;
import org.osteon.platform.store.RefusedClaimCheck;

/**
 * Decides which de-identified images enter a dataset and why the others do not. An image enters when its
 * names are pseudonyms, it is an eligible radiograph, it is of the site asked for, its study has a
 * reconciled label, and its claim check names an object of bounded size inside the research store. A
 * missing or refused object is an exclusion with its reason; a store that cannot be read is an
 * {@link IOException} (transient), so the build fails instead of quietly shrinking.
 */
public final class ImageSelection {

    private final BuildOptions options;
    private final Reconciliation labels;
    private final Exclusions exclusions = new Exclusions();
    private final List<DatasetRow> rows = new ArrayList<>();
    private final Set<String> studiesWithImages = new HashSet<>();

    public ImageSelection(BuildOptions options, Reconciliation labels) {
        this.options = options;
        this.labels = labels;
    }

    /** @param images the latest event of each instance, in any order: rows come out sorted by instance */
    public ImageSelection select(Collection<RadiographDeidentified> images) throws IOException {
        List<RadiographDeidentified> sorted = images.stream()
                .sorted(Comparator.comparing(RadiographDeidentified::getInstanceKey))
                .toList();
        for (RadiographDeidentified image : sorted) {
            String reason = consider(image);
            if (reason != null) {
                exclusions.add(reason);
            }
        }
        if (rows.size() > options.maxImages()) {
            throw new TooManyImagesException(rows.size(), options.maxImages());
        }
        return this;
    }

    public List<DatasetRow> rows() {
        return List.copyOf(rows);
    }

    public Exclusions exclusions() {
        return exclusions;
    }

    /** Studies with a label but no image that could be considered at all (none seen in the snapshot). */
    public int labelledStudiesWithoutImages() {
        return (int) labels.studies().stream()
                .filter(study -> labels.labelOf(study).label().isPresent())
                .filter(study -> !studiesWithImages.contains(study))
                .count();
    }

    /** @return the exclusion reason, or null when the image became a row */
    private String consider(RadiographDeidentified image) throws IOException {
        if (!ObjectStores.isPseudonym(image.getStudyKey()) || !ObjectStores.isPseudonym(image.getInstanceKey())) {
            return Exclusions.INVALID_PSEUDONYM;
        }
        studiesWithImages.add(image.getStudyKey());
        if (!image.getEligible()) {
            return Exclusions.INELIGIBLE;
        }
        if (options.site() != null && !options.site().equals(image.getSite())) {
            return Exclusions.OTHER_SITE;
        }
        LabelOutcome outcome = labels.labelOf(image.getStudyKey());
        if (outcome.label().isEmpty()) {
            return outcome.problem();
        }
        Path object;
        try {
            object = ClaimChecks.open(options.researchRoot(), image.getObjectUri());
        } catch (RefusedClaimCheck e) {
            return Exclusions.CLAIM_CHECK_REFUSED;
        } catch (NoSuchFileException e) {
            return Exclusions.OBJECT_MISSING;
        }
        if (Files.size(object) > options.maxObjectBytes()) {
            return Exclusions.OBJECT_TOO_LARGE;
        }
        rows.add(new DatasetRow(
                image.getStudyKey(),
                image.getInstanceKey(),
                outcome.label().orElseThrow(),
                image.getSite(),
                options.splitRule().splitOf(image.getStudyKey()),
                image.getPatientAgeYears(),
                image.getPatientSex(),
                image.getBodyPartExamined(),
                image.getViewPosition(),
                object));
        return null;
    }
}
