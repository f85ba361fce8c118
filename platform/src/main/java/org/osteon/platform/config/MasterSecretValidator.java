package org.osteon.platform.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.osteon.schemas.key.PseudonymSecrets;

/** {@link MasterSecret}: {@link PseudonymSecrets#masterSecretProblem}, so start-up refuses what derivation would. */
public class MasterSecretValidator implements ConstraintValidator<MasterSecret, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        // A missing value is the mapping's to report (no default in %prod); an empty or blank one is this rule's.
        return value == null || SecretViolations.report(PseudonymSecrets.masterSecretProblem(value), context);
    }
}
