package org.osteon.worklist.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/**
 * Whether a request comes from a browser, judged by what browsers send on their own and API clients
 * (curl, urllib, the launcher) do not. The rule is in docs/worklist.md#sign-in-and-roles.
 */
public final class BrowserSignals {

    /** What the page's own fetch sends, so its requests count as a browser's even without other signs. */
    public static final String PAGE_MARKER = "X-Requested-With";

    private static final String[] BROWSER_HEADERS = {
        "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Origin", "Upgrade-Insecure-Requests", PAGE_MARKER,
    };

    private BrowserSignals() {}

    /**
     * A browser for certain: it sends a fetch-metadata header ({@code Sec-Fetch-*}), an {@code Origin},
     * {@code Upgrade-Insecure-Requests}, the page's marker, an {@code Accept} that lists
     * {@code text/html} (a navigation), or the session cookie. HTTP Basic on such a request is ignored.
     */
    public static boolean fromBrowser(HttpServerRequest request, String sessionCookie) {
        MultiMap headers = request.headers();
        for (String header : BROWSER_HEADERS) {
            if (headers.contains(header)) {
                return true;
            }
        }
        String accept = headers.get("Accept");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html")) {
            return true;
        }
        return request.getCookie(sessionCookie) != null;
    }

    /**
     * Perhaps a browser: one for certain, or a client whose {@code User-Agent} says Mozilla, as every
     * browser's does (an EventSource on a plain-HTTP page sends little else). Never sent a Basic
     * challenge, since a browser answers one with a password dialog and then caches what is typed.
     */
    public static boolean mayBeBrowser(HttpServerRequest request, String sessionCookie) {
        if (fromBrowser(request, sessionCookie)) {
            return true;
        }
        String agent = request.headers().get("User-Agent");
        return agent != null && agent.contains("Mozilla/");
    }

    /** Whether the request carries HTTP Basic credentials. */
    public static boolean carriesBasic(HttpServerRequest request) {
        String authorization = request.headers().get("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }
}
