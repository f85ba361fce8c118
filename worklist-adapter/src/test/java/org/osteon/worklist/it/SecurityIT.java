package org.osteon.worklist.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may call what: for each resource class, no credentials → 401, a signed-in user without the
 * role → 403, the right role → 200; the page sends a stranger to its login form, and the form's
 * session cookie then opens the API (the page's fetch and EventSource ride on it).
 */
@QuarkusTest
@QuarkusTestResource(value = WorklistTestResources.class, restrictToAnnotatedClass = true)
class SecurityIT {

    @Test
    void shouldLetOnlyReadersAndAdminsUseTheWorklist() {
        for (String path : new String[] {"/api/worklist", "/api/worklist/review", "/api/stats"}) {
            given().get(path).then().statusCode(401);
            given().auth().preemptive().basic("reader", "wrong-password").get(path).then().statusCode(401);
            given().auth().preemptive().basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password).get(path)
                    .then().statusCode(403);
            given().auth().preemptive().basic(TestUsers.READER.name, TestUsers.READER.password).get(path)
                    .then().statusCode(200);
            given().auth().preemptive().basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password).get(path)
                    .then().statusCode(200);
        }
    }

    @Test
    void shouldRefuseWritesWithoutTheRole() {
        Map<String, String> body = Map.of("priority", "STAT");
        given().contentType(ContentType.JSON).body(body).put("/api/worklist/some-study/priority").then().statusCode(401);
        given().auth().preemptive().basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password)
                .contentType(ContentType.JSON).body(body).put("/api/worklist/some-study/priority").then().statusCode(403);
        given().auth().preemptive().basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password)
                .contentType(ContentType.JSON).body(Map.of("verdict", "CONFIRM"))
                .post("/api/worklist/some-study/feedback").then().statusCode(403);
        // Signed in with the role, the call reaches the resource, which knows no such study.
        given().auth().preemptive().basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON).body(body).put("/api/worklist/some-study/priority").then().statusCode(404);
    }

    @Test
    void shouldLeaveAlertSubscriptionsToAdmins() {
        String path = "/api/alerts/subscriptions";
        given().get(path).then().statusCode(401);
        given().auth().preemptive().basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password).get(path)
                .then().statusCode(403);
        given().auth().preemptive().basic(TestUsers.READER.name, TestUsers.READER.password).get(path)
                .then().statusCode(403);
        given().auth().preemptive().basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON).body(Map.of("kind", "sse")).post(path).then().statusCode(403);
        given().auth().preemptive().basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password).get(path)
                .then().statusCode(200);
    }

    @Test
    void shouldKeepHealthOpenAndTheDisabledRisSinkAbsent() {
        given().get("/q/health/live").then().statusCode(200);
        // The stand-in RIS plays an outside system: open, and 404 unless the demo enables it.
        given().get("/api/dev/ris-sink").then().statusCode(404);
        given().get("/login.html").then().statusCode(200).body(containsString("j_security_check"));
    }

    @Test
    void shouldSendAStrangerOnThePageToTheLoginForm() {
        for (String path : new String[] {"/", "/index.html", "/worklist.js"}) {
            Response response = given().redirects().follow(false).get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.header("Location")).as(path).contains("/login.html");
        }
    }

    @Test
    void shouldOpenThePageAndTheApiWithTheFormSessionCookie() {
        Response wrong = given().redirects().follow(false).formParam("j_username", TestUsers.READER.name)
                .formParam("j_password", "wrong-password").post("/j_security_check");
        assertThat(wrong.header("Location")).contains("/login.html?error");
        assertThat(wrong.cookie("osteon-session")).isNull();

        Response signedIn = given().redirects().follow(false).formParam("j_username", TestUsers.READER.name)
                .formParam("j_password", TestUsers.READER.password).post("/j_security_check");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String session = signedIn.cookie("osteon-session");
        assertThat(session).isNotBlank();

        given().cookie("osteon-session", session).get("/").then().statusCode(200)
                .body(containsString("NOT FOR CLINICAL USE"));
        given().cookie("osteon-session", session).get("/api/worklist").then().statusCode(200);
        given().cookie("osteon-session", session).get("/api/alerts/subscriptions").then().statusCode(403);
    }

    @Test
    void shouldRefuseAnOversizedBody() {
        String comment = "x".repeat(100 * 1024);
        given().auth().preemptive().basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON).body(Map.of("verdict", "CONFIRM", "comment", comment))
                .post("/api/worklist/some-study/feedback").then().statusCode(413);
    }
}
