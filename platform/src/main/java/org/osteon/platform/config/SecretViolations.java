package org.osteon.platform.config;

import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** Reports a secret rule's problem as the constraint's message. */
final class SecretViolations {

    private SecretViolations() {}

    /** True when there is no problem; otherwise the problem, which never holds the value, becomes the message. */
    static boolean report(Optional<String> problem, ConstraintValidatorContext context) {
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Escaped so that message interpolation reads it as text, whatever it holds.
        context.buildConstraintViolationWithTemplate(problem.get().replaceAll("([\\\\{}$])", "\\\\$1"))
                .addConstraintViolation();
        return false;
    }
}
