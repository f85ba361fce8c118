package org.osteon.worklist.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osteon.worklist.peers.RecordingHttpServer.Request;
import org.osteon.worklist.store.ModelApprovals;

/**
 * The admin's model panel against a stand-in for scoring's model endpoints: only an admin sees it or
 * approves; an approval on the page's cookie session needs its CSRF token; the approval is recorded
 * (who, gate report hash, scoring's answer) and forwarded with the configured token, never the user's
 * credentials; scoring's refusals come back as they were given.
 */
@QuarkusTest
@QuarkusTestResource(value = WorklistTestResources.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ScoringPeer.class, restrictToAnnotatedClass = true)
class ModelPromotionIT {

    private static final String PANEL = "/api/model-promotion";
    private static final String APPROVE = "/api/model-promotion/approve";
    private static final String SESSION = "osteon-session";

    @Inject
    ModelApprovals approvals;

    @Test
    void shouldShowThePanelAndTakeApprovalsFromAdminsOnly() {
        Map<String, String> body = Map.of("dir", ScoringPeer.SHADOW_DIR, "gateReportSha256", ScoringPeer.REPORT);
        given().get(PANEL).then().statusCode(401);
        given().contentType(ContentType.JSON).body(body).post(APPROVE).then().statusCode(401);
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .get(PANEL)
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON)
                .body(body)
                .post(APPROVE)
                .then()
                .statusCode(403);
        assertThat(promotions()).isEmpty();

        asAdmin()
                .get(PANEL)
                .then()
                .statusCode(200)
                .body("configured", equalTo(true))
                .body("scoring.shadow.version", equalTo("0.3.0-next"))
                .body("scoring.shadowGate.decision", equalTo("PASS"))
                .body("scoring.shadowGate.candidateModelSha256", equalTo(ScoringPeer.SHADOW_SHA))
                .body("scoring.shadowGate.referenceSha256", equalTo(ScoringPeer.REFERENCE))
                .body("scoring.shadowGate.criteria.reference_noninferiority.pass", equalTo(true));
    }

    @Test
    void shouldRecordAnApprovalOnThePagesSessionAndForwardItWithTheConfiguredToken() {
        String session = given().redirects()
                .follow(false)
                .formParam("j_username", TestUsers.ADMIN.name)
                .formParam("j_password", TestUsers.ADMIN.password)
                .post("/j_security_check")
                .cookie(SESSION);
        Map<String, String> body = Map.of("dir", ScoringPeer.SHADOW_DIR, "gateReportSha256", ScoringPeer.REPORT);
        int before = promotions().size();
        given().cookie(SESSION, session)
                .header("Origin", ownOrigin())
                .contentType(ContentType.JSON)
                .body(body)
                .post(APPROVE)
                .then()
                .statusCode(403);
        assertThat(promotions()).hasSize(before);

        String csrf = given().cookie(SESSION, session)
                .get("/api/session")
                .then()
                .statusCode(200)
                .extract()
                .path("csrfToken");
        given().cookie(SESSION, session)
                .header("Origin", ownOrigin())
                .header("X-CSRF-Token", csrf)
                .contentType(ContentType.JSON)
                .body(body)
                .post(APPROVE)
                .then()
                .statusCode(200)
                .body("audit.action", equalTo("promote"));
        List<Request> sent = promotions();
        assertThat(sent).hasSize(before + 1);
        Request forwarded = sent.get(sent.size() - 1);
        assertThat(forwarded.header("Authorization")).isEqualTo("Bearer " + ScoringPeer.TOKEN);
        assertThat(forwarded.header("Cookie")).isNull();
        assertThat(forwarded.bodyText())
                .contains(ScoringPeer.REPORT, ScoringPeer.SHADOW_DIR, "approved by " + TestUsers.ADMIN.name);

        asAdmin()
                .get(PANEL)
                .then()
                .statusCode(200)
                .body("approvals[0].approvedBy", equalTo(TestUsers.ADMIN.name))
                .body("approvals[0].gateReportSha256", equalTo(ScoringPeer.REPORT))
                .body("approvals[0].scoringStatus", equalTo(200));
    }

    @Test
    void shouldPassOnScoringsRefusalAndRecordIt() {
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("dir", ScoringPeer.SHADOW_DIR, "gateReportSha256", "cd".repeat(32)))
                .post(APPROVE)
                .then()
                .statusCode(422)
                .body("error", containsString("another value"));
        asAdmin()
                .get(PANEL)
                .then()
                .statusCode(200)
                .body("approvals[0].gateReportSha256", equalTo("cd".repeat(32)))
                .body("approvals[0].scoringStatus", equalTo(422));
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("dir", ScoringPeer.SWAP_OFF_DIR, "gateReportSha256", ScoringPeer.REPORT))
                .post(APPROVE)
                .then()
                .statusCode(502)
                .body("error", containsString("model swap is disabled"));
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("dir", ScoringPeer.SHADOW_DIR, "gateReportSha256", "not-a-digest"))
                .post(APPROVE)
                .then()
                .statusCode(400);
        int before = promotions().size();
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("dir", ScoringPeer.SHADOW_DIR + "\r\nINFO forged", "gateReportSha256", ScoringPeer.REPORT))
                .post(APPROVE)
                .then()
                .statusCode(400);
        assertThat(promotions())
                .as("a folder name that is not one line is neither logged nor sent")
                .hasSize(before);
    }

    @Test
    void shouldTellAnUnansweredApprovalFromAnAnswer() {
        long id = approvals.record(TestUsers.ADMIN.name, ScoringPeer.SHADOW_DIR, "ef".repeat(32));
        assertThat(approvals.latest(1))
                .singleElement()
                .satisfies(a -> assertThat(a.id()).isEqualTo(id))
                .satisfies(a -> assertThat(a.scoringStatus())
                        .as("unanswered, not HTTP 0")
                        .isNull());
        approvals.answer(id, 0, "no answer: HttpTimeoutException");
        assertThat(approvals.latest(1).get(0).scoringStatus()).isZero();
    }

    private static io.restassured.specification.RequestSpecification asAdmin() {
        return given().auth().preemptive().basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password);
    }

    private static List<Request> promotions() {
        return ScoringPeer.scoring.requests().stream()
                .filter(r -> r.method().equals("POST"))
                .toList();
    }

    private static String ownOrigin() {
        return "http://localhost:" + RestAssured.port;
    }
}
