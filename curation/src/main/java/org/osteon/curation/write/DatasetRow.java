package org.osteon.curation.write;

import java.nio.file.Path;
import org.osteon.curation.label.StudyLabel;

/**
 * One image of a dataset: a row of labels.csv and the object it copies. Every name is a pseudonym and
 * every value comes from a de-identified event; nothing here can name a patient.
 *
 * @param source the de-identified object in the research store, already confined there by ClaimChecks
 * @param site the site of the image, null when unknown
 */
public record DatasetRow(
        String studyKey,
        String instanceKey,
        StudyLabel label,
        String site,
        String split,
        Integer ageYears,
        String sex,
        String bodyPart,
        String view,
        Path source) {

    /** The row's file, relative to the dataset folder. */
    public String file() {
        return "images/" + instanceKey + ".dcm";
    }
}
