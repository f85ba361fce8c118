package org.osteon.worklist.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.osteon.worklist.web.BrowserSignals;

/**
 * Who is asked for credentials, and whose HTTP Basic is taken (docs/worklist.md#sign-in-and-roles).
 *
 * <p>HTTP Basic is for API clients. A browser sends Basic only from its own cache, filled by a
 * password dialog or a URL, and then to every request for this host, whichever page made it; so on a
 * request that comes from a browser ({@link BrowserSignals#fromBrowser}) the Authorization header is
 * dropped before authentication, and the request counts as its session cookie says, or as anonymous.
 * Nothing that may be a browser ({@link BrowserSignals#mayBeBrowser}) is sent a Basic challenge,
 * which would open that dialog.
 *
 * <p>With form sign-in on, Quarkus answers an anonymous request with a redirect to the login page.
 * That suits the page, not the API: a script or the page's own fetch must see 401, not a 200 login
 * form. For {@code /api/*} the redirect becomes 401, with a Basic challenge for API clients only.
 */
@ApplicationScoped
class ApiChallenge {

    static final String API_PREFIX = "/api/";
    static final String CHALLENGE = "Basic realm=\"osteon\"";

    private final String loginPage;
    private final String sessionCookie;

    ApiChallenge(
            @ConfigProperty(name = "quarkus.http.auth.form.login-page") String loginPage,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String sessionCookie) {
        this.loginPage = loginPage;
        this.sessionCookie = sessionCookie;
    }

    void install(@Observes Router router) {
        // First of all routes, so the hook is in place before the authentication handler answers.
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            HttpServerRequest request = context.request();
            boolean browser = BrowserSignals.fromBrowser(request, sessionCookie);
            boolean mayBeBrowser = BrowserSignals.mayBeBrowser(request, sessionCookie);
            if (browser && BrowserSignals.carriesBasic(request)) {
                request.headers().remove("Authorization");
            }
            boolean api = context.normalizedPath().startsWith(API_PREFIX);
            context.addHeadersEndHandler(ignored -> {
                HttpServerResponse response = context.response();
                String location = response.headers().get("Location");
                if (api && response.getStatusCode() == 302 && location != null && location.contains(loginPage)) {
                    response.setStatusCode(401);
                    response.headers().remove("Location");
                    if (!mayBeBrowser) {
                        response.headers().set("WWW-Authenticate", CHALLENGE);
                    }
                }
                if (mayBeBrowser) {
                    List<String> challenges = response.headers().getAll("WWW-Authenticate");
                    response.headers().remove("WWW-Authenticate");
                    for (String challenge : challenges) {
                        if (!challenge.regionMatches(true, 0, "Basic", 0, 5)) {
                            response.headers().add("WWW-Authenticate", challenge);
                        }
                    }
                }
            });
            context.next();
        });
    }
}
