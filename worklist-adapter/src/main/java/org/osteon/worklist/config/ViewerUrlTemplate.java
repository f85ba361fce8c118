package org.osteon.worklist.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A PACS viewer URL template ({@code osteon.worklist.pacs-viewer-url}), checked at start-up by the rule
 * {@link org.osteon.worklist.viewer.PacsViewerTemplate#problem} applies, so a bad template stops the
 * adapter instead of putting broken or off-site links on the page.
 */
@Documented
@Constraint(validatedBy = ViewerUrlTemplateValidator.class)
@Target({METHOD, FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface ViewerUrlTemplate {
    String message() default "is not a usable PACS viewer URL template";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
