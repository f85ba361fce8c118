package org.osteon.platform.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.osteon.schemas.key.PseudonymSecrets;

/** {@link StudyKeySecret}: {@link PseudonymSecrets#studyKeySecretProblem}, so start-up refuses what StudyKeys would. */
public class StudyKeySecretValidator implements ConstraintValidator<StudyKeySecret, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        // A missing value is the mapping's to report (no default in %prod).
        return value == null || SecretViolations.report(PseudonymSecrets.studyKeySecretProblem(value), context);
    }
}
