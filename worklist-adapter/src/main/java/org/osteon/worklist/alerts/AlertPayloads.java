package org.osteon.worklist.alerts;

import java.util.LinkedHashMap;
import java.util.Map;
import org.osteon.events.Triage;
import org.osteon.events.WorklistAlert;
import org.osteon.worklist.store.AlertRecord;

/** An alert in its three shapes: the phi- topic's Avro record, the SSE/webhook JSON, and its link. */
public final class AlertPayloads {

    private AlertPayloads() {}

    public static String link(String pageBaseUrl, String studyKey) {
        return pageBaseUrl.replaceAll("/+$", "") + "/#study=" + studyKey;
    }

    /** For phi-worklist-alert-v1 only: it carries the accession number. */
    public static WorklistAlert avro(AlertRecord alert, String pageBaseUrl) {
        return WorklistAlert.newBuilder()
                .setEventId(alert.id())
                .setRaisedAt(alert.raisedAt())
                .setStudyKey(alert.studyKey())
                .setAccessionNumber(alert.accessionNumber())
                .setDecision(Triage.valueOf(alert.decision()))
                .setReason(alert.reason())
                .setMalignantProbability(alert.malignantProbability())
                .setUncertainty(alert.uncertainty())
                .setModelVersion(alert.modelVersion())
                .setLink(link(pageBaseUrl, alert.studyKey()))
                .setProvenance(alert.provenance())
                .build();
    }

    /**
     * The JSON body of SSE and webhook alerts. The accession number (PHI) is included only when asked:
     * the page's SSE stream is in the PHI zone, a webhook receiver need not be.
     */
    public static Map<String, Object> json(AlertRecord alert, String pageBaseUrl, boolean includeAccession) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", alert.id());
        body.put("raisedAt", alert.raisedAt().toString());
        body.put("studyKey", alert.studyKey());
        if (includeAccession) {
            body.put("accessionNumber", alert.accessionNumber());
        }
        body.put("decision", alert.decision());
        body.put("reason", alert.reason());
        body.put("score", alert.malignantProbability());
        body.put("uncertainty", alert.uncertainty());
        body.put("modelVersion", alert.modelVersion());
        body.put("link", link(pageBaseUrl, alert.studyKey()));
        body.put("provenance", alert.provenance());
        return body;
    }
}
