package org.osteon.worklist.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
