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
 * The master pseudonym secret ({@code osteon.deid.hmac-secret}), checked at start-up by the same rule the
 * key derivation applies ({@link org.osteon.schemas.key.PseudonymSecrets#masterSecretProblem}).
 */
@Documented
@Constraint(validatedBy = MasterSecretValidator.class)
@Target({METHOD, FIELD, TYPE_USE})
@Retention(RUNTIME)
public @interface MasterSecret {
    String message() default "is not a usable master pseudonym secret";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
