package org.osteon.worklist.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osteon.worklist.web.CsrfTokens;

/**
 * {@code GET /api/session}: who is signed in, and a CSRF token for this user, which the page sends in
 * {@link CsrfTokens#HEADER} with every state-changing request. Another site's page can make the
 * browser request this, but never read the answer (no CORS), so it never learns the token.
 */
@Path("/api/session")
@Authenticated
public class SessionResource {

    private final CsrfTokens tokens;

    SessionResource(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response session(@Context SecurityContext caller) {
        String user = caller.getUserPrincipal().getName();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", user);
        body.put("csrfHeader", CsrfTokens.HEADER);
        body.put("csrfToken", tokens.mint(user));
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }
}
