package org.osteon.worklist.web;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Cross-site request forgery. A browser attaches the session cookie to requests it did not choose to
 * send, so a state-changing request that rides on a cookie session must show it comes from the page:
 * the browser's {@code Origin} (or {@code Referer}) names this server, and {@link CsrfTokens#HEADER}
 * carries a token minted for the signed-in user. A request that brings its own credentials (HTTP
 * Basic or a bearer token: a header no other site's page can make a browser send, and Basic is taken
 * from API clients only, see {@code rest/ApiChallenge}) is exempt. The sign-in form may not be posted
 * from another site either (login CSRF).
 */
@ApplicationScoped
class CsrfGuard {

    private static final Logger LOG = Logger.getLogger(CsrfGuard.class);

    /**
     * Quarkus authenticates at route order -200 and authorizes at -100 (its filter priorities 200 and
     * 100, negated); this runs after both, with the caller known, before any resource or static file.
     */
    static final int AFTER_AUTHORIZATION = -90;

    private static final Set<HttpMethod> SAFE =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private final CsrfTokens tokens;
    private final String signInPath;

    CsrfGuard(
            CsrfTokens tokens,
            @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
                    String signInPath) {
        this.tokens = tokens;
        this.signInPath = signInPath;
    }

    void install(@Observes Router router) {
        // Before authentication, which answers the sign-in post itself.
        router.route().order(Integer.MIN_VALUE).handler(this::checkSignIn);
        router.route().order(AFTER_AUTHORIZATION).handler(this::checkSessionWrite);
    }

    private void checkSignIn(RoutingContext context) {
        HttpServerRequest request = context.request();
        // A browser always names the page of a form post; a client that names none is not a browser.
        if (request.method() == HttpMethod.POST
                && context.normalizedPath().endsWith(signInPath)
                && SameOrigin.claimed(request) != null
                && !SameOrigin.fromOwnPage(request)) {
            refuse(context, "a sign-in posted from another site");
            return;
        }
        context.next();
    }

    private void checkSessionWrite(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (SAFE.contains(request.method())
                || request.headers().contains("Authorization")
                || !(context.user() instanceof QuarkusHttpUser user)) {
            context.next();
            return;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            context.next();
            return;
        }
        if (!SameOrigin.fromOwnPage(request)) {
            refuse(context, "a request from another site, or naming no page (Origin or Referer)");
            return;
        }
        if (!tokens.verify(identity.getPrincipal().getName(), request.getHeader(CsrfTokens.HEADER))) {
            refuse(context, "no valid " + CsrfTokens.HEADER + " header (GET /api/session gives one)");
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, String why) {
        HttpServerRequest request = context.request();
        LOG.infof("refused %s %s: %s", request.method(), context.normalizedPath(), why);
        context.response()
                .setStatusCode(403)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end("Refused: " + why + ".\n");
    }
}
