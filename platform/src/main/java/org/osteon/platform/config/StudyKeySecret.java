package org.osteon.platform.config;

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
 * The worklist's study-key secret ({@code osteon.worklist.study-key-secret}), checked at start-up by the
 * same rule {@link org.osteon.schemas.key.StudyKeys} applies
 * ({@link org.osteon.schemas.key.PseudonymSecrets#studyKeySecretProblem}).
 */
@Documented
@Constraint(validatedBy = StudyKeySecretValidator.class)
@Target({METHOD, FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface StudyKeySecret {
    String message() default "is not a usable study-key secret";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
