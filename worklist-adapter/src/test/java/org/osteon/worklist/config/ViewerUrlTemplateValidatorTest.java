package org.osteon.worklist.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Optional;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The start-up check of osteon.worklist.pacs-viewer-url, through Hibernate Validator as Quarkus runs it. */
class ViewerUrlTemplateValidatorTest {

    /** Shaped like the mapping's method: an optional, constrained template. */
    record Setting(Optional<@ViewerUrlTemplate String> pacsViewerUrl) {}

    private static final ValidatorFactory FACTORY = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void acceptsUnsetAndTheDemoTemplate() {
        assertThat(VALIDATOR.validate(new Setting(Optional.empty()))).isEmpty();
        assertThat(VALIDATOR.validate(new Setting(
                        Optional.of("http://localhost:8043/app/explorer.html#study?uuid={OrthancStudyId}"))))
                .isEmpty();
    }

    @Test
    void refusesABadTemplateSayingWhyWithItsBracesIntact() {
        Set<ConstraintViolation<Setting>> violations =
                VALIDATOR.validate(new Setting(Optional.of("https://pacs.example.org/{StudyUid}")));
        assertThat(violations)
                .singleElement()
                .satisfies(v -> assertThat(v.getMessage())
                        .startsWith("has the unknown placeholder {StudyUid}; known: {StudyInstanceUID}"));
        assertThat(VALIDATOR.validate(new Setting(Optional.of("javascript:alert(1)"))))
                .singleElement()
                .satisfies(v -> assertThat(v.getMessage()).isEqualTo("must be an http or https URL"));
    }
}
