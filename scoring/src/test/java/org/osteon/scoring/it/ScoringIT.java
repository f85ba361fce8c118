package org.osteon.scoring.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osteon.scoring.TestModels;

/**
 * The scoring contract on an in-JVM KRaft broker (KafkaClusterTestKit); and, since this service runs
 * with the default {@code osteon.scoring.model-swap-enabled=false}, the swap endpoint switched off.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class ScoringIT extends ScoringContract {

    @Test
    void shouldRefuseEverySwapWhileSwapIsDisabled() {
        String before =
                given().get("/api/model").then().statusCode(200).extract().path("version");
        Map<String, String> body =
                Map.of("dir", TestModels.defaultModelDir().toString(), "pinnedSha256", "a".repeat(64));
        given().contentType("application/json")
                .body(body)
                .post("/api/model/swap")
                .then()
                .statusCode(401);
        String admin = Jwt.issuer("https://osteon.test/issuer")
                .upn("osteon-test-operator")
                .groups("admin")
                .sign();
        given().contentType("application/json")
                .header("Authorization", "Bearer " + admin)
                .body(body)
                .post("/api/model/swap")
                .then()
                .statusCode(403)
                .body("error", containsString("model swap is disabled (osteon.scoring.model-swap-enabled=false)"));
        // Pins, promotions and rollbacks are swaps too: refused the same way, and nothing is audited.
        for (String path : List.of("/api/model/pins", "/api/model/promote", "/api/model/rollback")) {
            given().contentType("application/json").body("{}").post(path).then().statusCode(401);
            given().contentType("application/json")
                    .header("Authorization", "Bearer " + admin)
                    .body("{}")
                    .post(path)
                    .then()
                    .statusCode(403)
                    .body("error", containsString("model swap is disabled"));
        }
        given().get("/api/model")
                .then()
                .statusCode(200)
                .body("version", equalTo(before))
                .body("staged", equalTo(null));
    }
}
