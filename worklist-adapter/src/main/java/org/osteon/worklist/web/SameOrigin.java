package org.osteon.worklist.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether the page that sent a request is this server's own: its {@code Origin} (or, when a browser
 * sends none, its {@code Referer}) names the host and port the browser addressed, which the browser
 * also put in {@code Host}. Only host and port are compared, because TLS often ends at a proxy in
 * front (the adapter then sees http while the page is https); when the adapter itself saw TLS, the
 * page must be https as well.
 */
final class SameOrigin {

    private SameOrigin() {}

    /** The page the request claims to come from: Origin, else Referer; null when it names none. */
    static String claimed(HttpServerRequest request) {
        String origin = request.headers().get("Origin");
        return origin != null ? origin : request.headers().get("Referer");
    }

    /** Whether the request names a page and that page is this server's own. */
    static boolean fromOwnPage(HttpServerRequest request) {
        String claimed = claimed(request);
        return claimed != null && matches(claimed, request.authority(), request.isSSL());
    }

    /**
     * Whether {@code page} (an origin or a URL) has the host and port of {@code authority}, the Host
     * the request was sent to, with the port the page's scheme implies when either leaves it out.
     * {@code "null"}, relative or non-http(s) values never match.
     */
    static boolean matches(String page, HostAndPort authority, boolean overTls) {
        if (authority == null || authority.host() == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(page.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return false;
        }
        if (overTls && !scheme.equals("https")) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int pagePort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = authority.port() < 0 ? defaultPort : authority.port();
        return bare(uri.getHost()).equalsIgnoreCase(bare(authority.host())) && pagePort == hostPort;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
