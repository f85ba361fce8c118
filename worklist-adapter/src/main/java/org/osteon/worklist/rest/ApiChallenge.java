package org.osteon.worklist.rest;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With form sign-in on, Quarkus answers every unauthenticated request with a redirect to the login
 * page. That suits the page, not the API: a script or the page's own fetch must see 401, not a 200
 * login form. This turns that redirect into 401 for {@code /api/*}, with a Basic challenge for API
 * clients; the page marks its requests (X-Requested-With) so the browser shows no password dialog
 * and the page itself goes to the login form.
 */
@ApplicationScoped
class ApiChallenge {

    static final String API_PREFIX = "/api/";
    static final String PAGE_REQUEST_HEADER = "X-Requested-With";

    private final String loginPage;

    ApiChallenge(@ConfigProperty(name = "quarkus.http.auth.form.login-page") String loginPage) {
        this.loginPage = loginPage;
    }

    void install(@Observes Router router) {
        // First of all routes, so the hook is in place before the authentication handler answers.
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            if (context.normalizedPath().startsWith(API_PREFIX)) {
                boolean fromPage = context.request().headers().contains(PAGE_REQUEST_HEADER);
                context.addHeadersEndHandler(ignored -> {
                    HttpServerResponse response = context.response();
                    String location = response.headers().get("Location");
                    if (response.getStatusCode() == 302 && location != null && location.contains(loginPage)) {
                        response.setStatusCode(401);
                        response.headers().remove("Location");
                        if (!fromPage) {
                            response.headers().set("WWW-Authenticate", "Basic realm=\"osteon\"");
                        }
                    }
                });
            }
            context.next();
        });
    }
}
