package org.osteon.worklist.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osteon.worklist.promotion.ScoringLink;

/** Off by default: without a scoring URL the panel says so, and an approval is refused before anything is recorded. */
class ModelPromotionResourceTest {

    @Test
    void shouldSayPromotionIsNotConfiguredWithoutAScoringUrl() {
        // No store: nothing may be recorded when there is nowhere to forward to.
        ModelPromotionResource resource = new ModelPromotionResource(Optional.empty(), null);
        Response panel = resource.panel();
        assertThat(panel.getStatus()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) panel.getEntity();
        assertThat(body).containsEntry("configured", false);
        assertThat(body.get("message").toString()).contains("not configured");
        Response approval =
                resource.approve(new ModelPromotionResource.ApprovalRequest("/models/next", "ab".repeat(32)), null);
        assertThat(approval.getStatus()).isEqualTo(409);
    }

    @Test
    void shouldAnswerBadGatewayWhenTheTokenFileGoesAwayAfterStartUp(@TempDir Path tmp) throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "eyJ.token.sig\n");
        Optional<ScoringLink> link =
                ScoringLink.from(Optional.of("http://127.0.0.1:9"), Optional.of(token), Duration.ofSeconds(1));
        Files.delete(token);
        // No store: the panel must fail before it reads one.
        Response panel = new ModelPromotionResource(link, null).panel();
        assertThat(panel.getStatus()).isEqualTo(502);
        assertThat(panel.getEntity().toString()).contains("token-file cannot be read");
    }

    @Test
    void shouldRefuseAFolderNameThatIsNotOneLine() {
        // The parameter interpolator: no expression-language engine outside Quarkus.
        try (ValidatorFactory factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()) {
            Validator validator = factory.getValidator();
            String report = "ab".repeat(32);
            assertThat(validator.validate(new ModelPromotionResource.ApprovalRequest("/models/next", report)))
                    .isEmpty();
            assertThat(validator.validate(
                            new ModelPromotionResource.ApprovalRequest("/models/next\nINFO forged line", report)))
                    .isNotEmpty();
            assertThat(validator.validate(new ModelPromotionResource.ApprovalRequest("/m".repeat(513), report)))
                    .isNotEmpty();
        }
    }
}
