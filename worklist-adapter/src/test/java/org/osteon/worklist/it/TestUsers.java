package org.osteon.worklist.it;

import io.restassured.RestAssured;
import io.restassured.authentication.AuthenticationScheme;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The %test users of application.properties: one per role, one signed in with neither role, and a
 * reader kept for the sign-in throttle test, which locks it out.
 */
public enum TestUsers {
    READER("reader", "reader-test-password"),
    ADMIN("admin", "admin-test-password"),
    VISITOR("visitor", "visitor-test-password"),
    THROTTLED("throttled", "throttled-test-password");

    public final String name;
    public final String password;

    TestUsers(String name, String password) {
        this.name = name;
        this.password = password;
    }

    /** Preemptive Basic: the adapter answers 401 without a challenge round-trip. */
    public AuthenticationScheme basic() {
        return RestAssured.preemptive().basic(name, password);
    }

    /** The Authorization header, for clients other than RestAssured (SSE over java.net.http). */
    public String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Every later RestAssured call in this thread's test signs in as this user. */
    public void signIn() {
        RestAssured.authentication = basic();
    }

    public static void signOut() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }
}
