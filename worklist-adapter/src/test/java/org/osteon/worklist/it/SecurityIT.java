package org.osteon.worklist.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Who may call what: for each resource class, no credentials → 401, a signed-in user without the
 * role → 403, the right role → 200; the page sends a stranger to its login form, and the form's
 * session cookie then opens the API (the page's fetch and EventSource ride on it). A write on that
 * cookie needs the page's Origin and a CSRF token; HTTP Basic is taken from API clients only, and no
 * browser is asked for it; sign-in is throttled after failures; the cookie is Secure over HTTPS.
 */
@QuarkusTest
@QuarkusTestResource(value = WorklistTestResources.class, restrictToAnnotatedClass = true)
class SecurityIT {

    private static final String SESSION = "osteon-session";
    private static final String CSRF = "X-CSRF-Token";
    private static final String SUBSCRIPTIONS = "/api/alerts/subscriptions";

    @Test
    void shouldLetOnlyReadersAndAdminsUseTheWorklist() {
        for (String path : new String[] {"/api/worklist", "/api/worklist/review", "/api/stats"}) {
            given().get(path).then().statusCode(401);
            given().auth()
                    .preemptive()
                    .basic("reader", "wrong-password")
                    .get(path)
                    .then()
                    .statusCode(401);
            given().auth()
                    .preemptive()
                    .basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password)
                    .get(path)
                    .then()
                    .statusCode(403);
            given().auth()
                    .preemptive()
                    .basic(TestUsers.READER.name, TestUsers.READER.password)
                    .get(path)
                    .then()
                    .statusCode(200);
            given().auth()
                    .preemptive()
                    .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                    .get(path)
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void shouldRefuseWritesWithoutTheRole() {
        Map<String, String> body = Map.of("priority", "STAT");
        given().contentType(ContentType.JSON)
                .body(body)
                .put("/api/worklist/some-study/priority")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/api/worklist/some-study/priority")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password)
                .contentType(ContentType.JSON)
                .body(Map.of("verdict", "CONFIRM"))
                .post("/api/worklist/some-study/feedback")
                .then()
                .statusCode(403);
        // Signed in with the role, the call reaches the resource, which knows no such study.
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON)
                .body(body)
                .put("/api/worklist/some-study/priority")
                .then()
                .statusCode(404);
    }

    @Test
    void shouldLeaveAlertSubscriptionsToAdmins() {
        String path = "/api/alerts/subscriptions";
        given().get(path).then().statusCode(401);
        given().auth()
                .preemptive()
                .basic(TestUsers.VISITOR.name, TestUsers.VISITOR.password)
                .get(path)
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .get(path)
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "sse"))
                .post(path)
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                .get(path)
                .then()
                .statusCode(200);
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
        Response wrong = given().redirects()
                .follow(false)
                .formParam("j_username", TestUsers.READER.name)
                .formParam("j_password", "wrong-password")
                .post("/j_security_check");
        assertThat(wrong.header("Location")).contains("/login.html?error");
        assertThat(wrong.cookie("osteon-session")).isNull();

        Response signedIn = given().redirects()
                .follow(false)
                .formParam("j_username", TestUsers.READER.name)
                .formParam("j_password", TestUsers.READER.password)
                .post("/j_security_check");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String session = signedIn.cookie("osteon-session");
        assertThat(session).isNotBlank();

        given().cookie("osteon-session", session)
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString("NOT FOR CLINICAL USE"));
        given().cookie("osteon-session", session).get("/api/worklist").then().statusCode(200);
        given().cookie("osteon-session", session)
                .get("/api/alerts/subscriptions")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldRefuseAnOversizedBody() {
        String comment = "x".repeat(100 * 1024);
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .contentType(ContentType.JSON)
                .body(Map.of("verdict", "CONFIRM", "comment", comment))
                .post("/api/worklist/some-study/feedback")
                .then()
                .statusCode(413);
    }

    @Test
    void shouldRefuseACookieSessionWriteWithoutTheCsrfToken() {
        String admin = signIn(TestUsers.ADMIN);
        int before = subscriptionCount();
        fromOwnPage(admin)
                .body(Map.of("kind", "sse"))
                .post(SUBSCRIPTIONS)
                .then()
                .statusCode(403);
        fromOwnPage(admin)
                .header(CSRF, "forged.token")
                .body(Map.of("kind", "sse"))
                .post(SUBSCRIPTIONS)
                .then()
                .statusCode(403);
        assertThat(subscriptionCount()).isEqualTo(before);

        String reader = signIn(TestUsers.READER);
        fromOwnPage(reader)
                .body(Map.of("priority", "STAT"))
                .put("/api/worklist/some-study/priority")
                .then()
                .statusCode(403);
        fromOwnPage(reader)
                .body(Map.of("verdict", "CONFIRM"))
                .post("/api/worklist/some-study/feedback")
                .then()
                .statusCode(403);
        fromOwnPage(reader)
                .body(Map.of("note", "seen"))
                .post("/api/worklist/some-study/review")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldRefuseACookieSessionWriteFromAnotherOriginEvenWithTheToken() {
        String admin = signIn(TestUsers.ADMIN);
        String token = csrfToken(admin);
        int before = subscriptionCount();
        List<Map<String, String>> foreign = List.of(
                Map.of("Origin", "http://evil.example"),
                Map.of("Origin", "http://evil.example:" + RestAssured.port),
                Map.of("Origin", "http://localhost:" + (RestAssured.port + 1)),
                Map.of("Origin", "null"),
                Map.of("Referer", "http://evil.example/worklist.html"),
                Map.of());
        for (Map<String, String> headers : foreign) {
            given().cookie(SESSION, admin)
                    .headers(headers)
                    .header(CSRF, token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("kind", "sse"))
                    .post(SUBSCRIPTIONS)
                    .then()
                    .statusCode(403);
        }
        assertThat(subscriptionCount()).isEqualTo(before);
    }

    @Test
    void shouldAcceptACookieSessionWriteWithItsTokenFromItsOwnPage() {
        String admin = signIn(TestUsers.ADMIN);
        String adminToken = csrfToken(admin);
        String id = fromOwnPage(admin)
                .header(CSRF, adminToken)
                .body(Map.of("kind", "sse"))
                .post(SUBSCRIPTIONS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // Without an Origin, the Referer of the page names it.
        given().cookie(SESSION, admin)
                .header("Referer", ownOrigin() + "/index.html")
                .header(CSRF, adminToken)
                .delete(SUBSCRIPTIONS + "/" + id)
                .then()
                .statusCode(204);

        String reader = signIn(TestUsers.READER);
        // Past the guard, the resource answers: it knows no such study.
        fromOwnPage(reader)
                .header(CSRF, csrfToken(reader))
                .body(Map.of("priority", "STAT"))
                .put("/api/worklist/some-study/priority")
                .then()
                .statusCode(404);
        // A token is the user's own: the admin's does not pass for the reader.
        fromOwnPage(reader)
                .header(CSRF, adminToken)
                .body(Map.of("priority", "STAT"))
                .put("/api/worklist/some-study/priority")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldTakeHttpBasicFromApiClientsWithoutACsrfToken() {
        String id = given().auth()
                .preemptive()
                .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "sse"))
                .post(SUBSCRIPTIONS)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .preemptive()
                .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                .delete(SUBSCRIPTIONS + "/" + id)
                .then()
                .statusCode(204);
    }

    @Test
    void shouldRefuseASignInFormPostedFromAnotherSite() {
        Response foreign = given().redirects()
                .follow(false)
                .header("Origin", "http://evil.example")
                .formParam("j_username", TestUsers.READER.name)
                .formParam("j_password", TestUsers.READER.password)
                .post("/j_security_check");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.cookie(SESSION)).isNull();

        Response own = given().redirects()
                .follow(false)
                .header("Origin", ownOrigin())
                .formParam("j_username", TestUsers.READER.name)
                .formParam("j_password", TestUsers.READER.password)
                .post("/j_security_check");
        assertThat(own.statusCode()).isEqualTo(302);
        assertThat(own.cookie(SESSION)).isNotBlank();
    }

    @Test
    void shouldNeverTakeHttpBasicFromABrowserNorAskOneForIt() {
        List<Map<String, String>> browsers = List.of(
                Map.of("Sec-Fetch-Mode", "navigate"),
                Map.of("Sec-Fetch-Site", "same-origin"),
                Map.of("Origin", ownOrigin()),
                Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                Map.of("Upgrade-Insecure-Requests", "1"),
                Map.of("X-Requested-With", "osteon-page"),
                Map.of("Cookie", SESSION + "=expired-or-forged"));
        for (Map<String, String> headers : browsers) {
            Response response = given().auth()
                    .preemptive()
                    .basic(TestUsers.READER.name, TestUsers.READER.password)
                    .headers(headers)
                    .redirects()
                    .follow(false)
                    .get("/api/worklist");
            assertThat(response.statusCode()).as(headers.toString()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate"))
                    .as(headers.toString())
                    .isNull();
        }
        // A navigation to the page with Basic goes to the login form, signed out.
        Response page = given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .header("Accept", "text/html")
                .redirects()
                .follow(false)
                .get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.header("Location")).contains("/login.html");

        // Whatever calls itself Mozilla (an EventSource on a plain-HTTP page sends little else) gets no
        // challenge, signed out or with a wrong password.
        String mozilla = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0";
        for (RequestSpecification request :
                List.of(given(), given().auth().preemptive().basic(TestUsers.READER.name, "a-wrong-password"))) {
            Response response = request.header("User-Agent", mozilla)
                    .header("Accept", "text/event-stream")
                    .get("/api/worklist/events");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isNull();
        }

        // API clients keep HTTP Basic, and are challenged when they send none.
        given().auth()
                .preemptive()
                .basic(TestUsers.READER.name, TestUsers.READER.password)
                .header("Accept", "application/json")
                .header("User-Agent", "Python-urllib/3.11")
                .get("/api/worklist")
                .then()
                .statusCode(200);
        assertThat(given().get("/api/worklist").header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void shouldThrottleSignInAfterRepeatedFailuresAndLogThemWithoutThePassword() {
        TestUsers user = TestUsers.THROTTLED;
        try (LogCapture log = LogCapture.of("org.osteon.worklist.web")) {
            // Five failures (the default limit), by the form and by HTTP Basic.
            for (int i = 0; i < 3; i++) {
                Response failed = formSignIn(user.name, "guess-" + i);
                assertThat(failed.header("Location")).contains("/login.html?error=1");
            }
            for (int i = 3; i < 5; i++) {
                given().auth()
                        .preemptive()
                        .basic(user.name, "guess-" + i)
                        .get("/api/worklist")
                        .then()
                        .statusCode(401);
            }
            // Then the right password is refused too, by either way in.
            Response basic =
                    given().auth().preemptive().basic(user.name, user.password).get("/api/worklist");
            assertThat(basic.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(basic.header("Retry-After"))).isBetween(1L, 15 * 60L);
            assertThat(basic.header("WWW-Authenticate")).isNull();
            Response form = formSignIn(user.name, user.password);
            assertThat(form.statusCode()).isEqualTo(302);
            assertThat(form.header("Location")).contains("/login.html?error=throttled");
            assertThat(form.cookie(SESSION)).isNull();

            // Per name: another reader at the same address signs in.
            given().auth()
                    .preemptive()
                    .basic(TestUsers.READER.name, TestUsers.READER.password)
                    .get("/api/worklist")
                    .then()
                    .statusCode(200);

            List<String> lines = log.messages();
            assertThat(lines.stream().filter(m -> m.startsWith("failed sign-in")))
                    .hasSize(5)
                    .allMatch(m -> m.contains("\"" + user.name + "\""));
            assertThat(lines)
                    .anyMatch(m -> m.contains("failed sign-in (form)"))
                    .anyMatch(m -> m.contains("failed sign-in (basic)"))
                    .anyMatch(m -> m.startsWith("sign-in refused"))
                    .noneMatch(m -> m.contains("guess-") || m.contains(user.password));
        }
    }

    @Test
    void shouldMarkTheSessionCookieSecureWhenTheBrowserIsOnHttps() {
        String plain = sessionSetCookie(formSignIn(TestUsers.READER.name, TestUsers.READER.password));
        assertThat(plain)
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .doesNotContainIgnoringCase("Secure");

        // TLS ended at a proxy in front, which says so, or the browser's page is https.
        for (Map<String, String> https : List.of(
                Map.of("X-Forwarded-Proto", "https"),
                Map.of("Forwarded", "for=192.0.2.60;proto=https"),
                Map.of("Origin", "https://localhost:" + RestAssured.port))) {
            Response signedIn = given().redirects()
                    .follow(false)
                    .headers(https)
                    .formParam("j_username", TestUsers.READER.name)
                    .formParam("j_password", TestUsers.READER.password)
                    .post("/j_security_check");
            assertThat(sessionSetCookie(signedIn))
                    .as(https.toString())
                    .containsIgnoringCase("; Secure")
                    .containsIgnoringCase("HttpOnly")
                    .containsIgnoringCase("SameSite=Strict");
        }
        // So is the location Quarkus remembers for after sign-in.
        Response stranger = given().redirects()
                .follow(false)
                .header("X-Forwarded-Proto", "https")
                .get("/index.html");
        assertThat(stranger.headers().getValues("Set-Cookie"))
                .isNotEmpty()
                .allMatch(c -> c.toLowerCase(Locale.ROOT).contains("; secure"));
    }

    private static String ownOrigin() {
        return "http://localhost:" + RestAssured.port;
    }

    private static Response formSignIn(String name, String password) {
        return given().redirects()
                .follow(false)
                .formParam("j_username", name)
                .formParam("j_password", password)
                .post("/j_security_check");
    }

    /** The form's session cookie for {@code user}. */
    private static String signIn(TestUsers user) {
        String session = formSignIn(user.name, user.password).cookie(SESSION);
        assertThat(session).as("session cookie of " + user.name).isNotBlank();
        return session;
    }

    private static String csrfToken(String session) {
        return given().cookie(SESSION, session)
                .get("/api/session")
                .then()
                .statusCode(200)
                .extract()
                .path("csrfToken");
    }

    /** A JSON request on the session cookie, from the page's own origin, as the page's fetch sends it. */
    private static RequestSpecification fromOwnPage(String session) {
        return given().cookie(SESSION, session).header("Origin", ownOrigin()).contentType(ContentType.JSON);
    }

    private static int subscriptionCount() {
        return given().auth()
                .preemptive()
                .basic(TestUsers.ADMIN.name, TestUsers.ADMIN.password)
                .get(SUBSCRIPTIONS)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }

    private static String sessionSetCookie(Response response) {
        return response.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SESSION + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + SESSION + " cookie set: " + response.headers()));
    }

    /** What the adapter logs under a category while open; the app shares this JVM's log manager. */
    private static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger;
        private final List<String> messages = new ArrayList<>();

        private LogCapture(Logger logger) {
            this.logger = logger;
        }

        static LogCapture of(String category) {
            LogCapture capture = new LogCapture(Logger.getLogger(category));
            capture.logger.addHandler(capture);
            return capture;
        }

        synchronized List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
