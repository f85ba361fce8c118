package org.osteon.worklist.config;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;
import org.osteon.worklist.viewer.PacsViewerTemplate;

/** {@link ViewerUrlTemplate}: {@link PacsViewerTemplate#problem}, reported as the violation's message. */
public class ViewerUrlTemplateValidator implements ConstraintValidator<ViewerUrlTemplate, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        // Unset is allowed (no link); Optional hands the validator null then.
        if (value == null) {
            return true;
        }
        Optional<String> problem = PacsViewerTemplate.problem(value);
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Escaped so that message interpolation reads the template's braces as text.
        context.buildConstraintViolationWithTemplate(problem.get().replaceAll("([\\\\{}$])", "\\\\$1"))
                .addConstraintViolation();
        return false;
    }
}
