package org.osteon.worklist.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.ServerCookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.osteon.worklist.config.WorklistConfig;

/**
 * The Secure attribute on every cookie the adapter sets (the session cookie, the remembered location
 * before sign-in). Quarkus sets it only when the adapter itself terminates TLS; behind an HTTPS
 * ingress the browser is on https while the adapter sees http, and a cookie without Secure would
 * also travel over any plain-HTTP request to that host. {@code osteon.web.secure-cookies}:
 * {@code always}, or {@code auto}: when the request came over TLS, or says it did: an
 * {@code X-Forwarded-Proto} or {@code Forwarded} https from a proxy, or an https {@code Origin} or
 * {@code Referer} from the browser. Believing such a claim is safe here: it can only keep the
 * claimant's own cookie off plain HTTP, never take the attribute away.
 */
@ApplicationScoped
class SessionCookies {

    private final WorklistConfig.SecureCookies mode;

    SessionCookies(WorklistConfig config) {
        this.mode = config.web().secureCookies();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::markSecure);
    }

    private void markSecure(RoutingContext context) {
        if (mode == WorklistConfig.SecureCookies.ALWAYS || overHttps(context.request())) {
            // Vert.x writes the cookies into Set-Cookie headers after the headers-end handlers have run;
            // only the ones this response changes are written (a cookie the browser sent stays as it is).
            context.addHeadersEndHandler(ignored -> {
                for (Cookie cookie : context.request().cookies()) {
                    if (cookie instanceof ServerCookie set && set.isChanged() && !set.isSecure()) {
                        set.setSecure(true);
                    }
                }
            });
        }
        context.next();
    }

    static boolean overHttps(HttpServerRequest request) {
        if (request.isSSL()) {
            return true;
        }
        String forwardedProto = request.headers().get("X-Forwarded-Proto");
        if (forwardedProto != null
                && forwardedProto.strip().toLowerCase(Locale.ROOT).startsWith("https")) {
            return true;
        }
        String forwarded = request.headers().get("Forwarded");
        if (forwarded != null
                && forwarded.toLowerCase(Locale.ROOT).replace(" ", "").contains("proto=https")) {
            return true;
        }
        String page = SameOrigin.claimed(request);
        return page != null && page.strip().toLowerCase(Locale.ROOT).startsWith("https://");
    }
}
