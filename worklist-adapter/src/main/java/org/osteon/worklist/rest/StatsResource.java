package org.osteon.worklist.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osteon.events.Triage;
import org.osteon.worklist.stats.WorklistStats;
import org.osteon.worklist.store.WorklistQueries;

/** {@code GET /api/stats}, in the exact shape docs/runtime-contract.md gives the launcher. */
@Path("/api/stats")
@RolesAllowed({Roles.READER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private final WorklistQueries queries;

    StatsResource(WorklistQueries queries) {
        this.queries = queries;
    }

    @GET
    public Map<String, Object> stats() {
        WorklistStats stats = queries.stats();
        Map<String, Long> byDecision = new LinkedHashMap<>();
        for (Triage triage : Triage.values()) {
            byDecision.put(triage.name(), stats.byDecision().getOrDefault(triage, 0L));
        }
        Map<String, Long> latency = new LinkedHashMap<>();
        latency.put("p50", stats.latencyP50());
        latency.put("p99", stats.latencyP99());
        latency.put("max", stats.latencyMax());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("studies", stats.studies());
        body.put("outcomes", stats.outcomes());
        body.put("by_decision", byDecision);
        body.put("latency_ms", latency);
        return body;
    }
}
