package org.osteon.worklist.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.AuthenticationSuccessEvent;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationEvent;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.osteon.worklist.config.WorklistConfig;

/**
 * Throttles and logs password sign-ins, the form's and HTTP Basic's alike ({@link SignInThrottle},
 * {@code osteon.web.sign-in.*}). It runs first among the identity providers: a throttled name or
 * address is refused before the password is checked (HTTP Basic: 429 with Retry-After; the form: back
 * to the login page with {@code ?error=throttled}); otherwise the embedded users (or any other
 * provider) decide, and Quarkus' authentication events report how that went. Failed sign-ins are
 * logged with the mechanism, the user name as typed and the client address; never a password, and
 * nothing about a patient (a sign-in carries none).
 */
@ApplicationScoped
public class SignInGuard implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(SignInGuard.class);
    private static final String ATTEMPT = SignInGuard.class.getName() + ".attempt";
    private static final String REFUSED = SignInGuard.class.getName() + ".refused";
    private static final int MAX_LOGGED_NAME = 64;

    private final SignInThrottle throttle;
    private final Duration window;
    private final String signInPath;
    private final String errorPage;
    private final String throttledPage;

    @Inject
    SignInGuard(
            WorklistConfig config,
            @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
                    String signInPath,
            @ConfigProperty(name = "quarkus.http.auth.form.login-page") String loginPage,
            @ConfigProperty(name = "quarkus.http.auth.form.error-page") String errorPage) {
        WorklistConfig.SignIn limits = config.web().signIn();
        this.throttle = new SignInThrottle(
                limits.maxFailures(),
                limits.maxFailuresPerAddress(),
                limits.window(),
                limits.maxTracked(),
                System::nanoTime);
        this.window = limits.window();
        this.signInPath = signInPath;
        this.errorPage = errorPage;
        this.throttledPage = loginPage + "?error=throttled";
    }

    /** The sign-in attempt a request carries, once a password reached the identity providers. */
    private record Attempt(String name, String address, String mechanism) {}

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    /**
     * Before every other provider of passwords, which stop at the first failure. The embedded users'
     * provider has the default, {@code SYSTEM_FIRST + 1}; a tie would leave the order to chance.
     */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (http == null) {
            return Uni.createFrom().nullItem();
        }
        Attempt attempt = new Attempt(request.getUsername(), address(http), mechanism(http));
        http.put(ATTEMPT, attempt);
        Optional<Duration> wait = throttle.refusal(attempt.name(), attempt.address());
        if (wait.isEmpty()) {
            // Not ours to decide: the next provider checks the password.
            return Uni.createFrom().nullItem();
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        http.put(REFUSED, Boolean.TRUE);
        http.addHeadersEndHandler(ignored -> answerRefusal(http.response(), seconds));
        LOG.warn(String.format(
                "sign-in refused (%s) for user %s from %s: too many failed sign-ins; allowed again in %d s",
                attempt.mechanism(), printable(attempt.name()), attempt.address(), seconds));
        return Uni.createFrom().failure(new AuthenticationFailedException("too many failed sign-ins"));
    }

    void onFailure(@Observes AuthenticationFailureEvent event) {
        RoutingContext http = routingContext(event.getEventProperties());
        if (http == null || !(http.get(ATTEMPT) instanceof Attempt attempt) || http.get(REFUSED) != null) {
            return;
        }
        SignInThrottle.Failures failures = throttle.recordFailure(attempt.name(), attempt.address());
        LOG.warn(String.format(
                "failed sign-in (%s) for user %s from %s: %d failures for this name and %d from this "
                        + "address within %s",
                attempt.mechanism(),
                printable(attempt.name()),
                attempt.address(),
                failures.forName(),
                failures.fromAddress(),
                window));
    }

    /** HTTP Basic, on every request that carries it. */
    void onSuccess(@Observes AuthenticationSuccessEvent event) {
        RoutingContext http = routingContext(event.getEventProperties());
        if (http != null && http.get(ATTEMPT) instanceof Attempt attempt) {
            throttle.recordSuccess(attempt.name());
        }
    }

    /** The form: Quarkus completes its sign-in without an authenticated request, so no success event. */
    void onFormSignIn(@Observes FormAuthenticationEvent event) {
        if (event.getSecurityIdentity() != null && !event.getSecurityIdentity().isAnonymous()) {
            throttle.recordSuccess(event.getSecurityIdentity().getPrincipal().getName());
        }
    }

    private void answerRefusal(HttpServerResponse response, long seconds) {
        String location = response.headers().get("Location");
        if (response.getStatusCode() == 302 && location != null && location.contains(errorPage)) {
            response.headers().set("Location", location.replace(errorPage, throttledPage));
        } else if (response.getStatusCode() == 401) {
            response.setStatusCode(429).setStatusMessage("Too Many Requests");
            response.headers().remove("WWW-Authenticate");
        }
        response.headers().set("Retry-After", Long.toString(seconds));
    }

    private String mechanism(RoutingContext http) {
        return http.request().method() == HttpMethod.POST
                        && http.normalizedPath().endsWith(signInPath)
                ? "form"
                : "basic";
    }

    private static String address(RoutingContext http) {
        SocketAddress remote = http.request().remoteAddress();
        return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    }

    private static RoutingContext routingContext(Map<String, Object> properties) {
        if (properties.get(RoutingContext.class.getName()) instanceof RoutingContext http) {
            return http;
        }
        return HttpSecurityUtils.getRoutingContextAttribute(properties);
    }

    /** The name as typed, quoted, without control characters (no forged log lines) and cut short. */
    static String printable(String name) {
        if (name == null) {
            return "\"\"";
        }
        StringBuilder out = new StringBuilder("\"");
        name.codePoints().limit(MAX_LOGGED_NAME).forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(name.codePointCount(0, name.length()) > MAX_LOGGED_NAME ? "…\"" : "\"")
                .toString();
    }
}
