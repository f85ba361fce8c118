package org.osteon.worklist.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;
import org.osteon.worklist.alerts.AlertPayloads;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.publish.AlertRaised;
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.store.WorklistRow;
import org.osteon.worklist.viewer.PacsViewerLinks;

/**
 * Pushes changed rows and alerts to open pages. Both carry PHI (accession, patient name): these
 * streams are only for the PHI zone's page.
 */
@ApplicationScoped
public class SseHub {

    private static final Logger LOG = Logger.getLogger(SseHub.class);

    private final ObjectMapper json;
    private final WorklistConfig.Alerts alertConfig;
    private final PacsViewerLinks viewerLinks;
    private final Channel rows = new Channel();
    private final Channel alerts = new Channel();

    SseHub(ObjectMapper json, WorklistConfig config, PacsViewerLinks viewerLinks) {
        this.json = json;
        this.alertConfig = config.alerts();
        this.viewerLinks = viewerLinks;
    }

    void subscribe(SseEventSink sink, Sse sse) {
        rows.subscribe(sink, sse);
    }

    void subscribeAlerts(SseEventSink sink, Sse sse) {
        alerts.subscribe(sink, sse);
    }

    void onChange(@Observes RowChanged change) {
        onChange(change.row());
    }

    void onChange(WorklistRow row) {
        rows.send("row", row.studyKey(), viewerLinks.linked(row));
    }

    void onAlert(@Observes AlertRaised raised) {
        alerts.send("alert", raised.alert().id(), AlertPayloads.json(raised.alert(), alertConfig.pageBaseUrl(), true));
    }

    /** One SSE stream with its subscribers. */
    private final class Channel {
        private volatile Sse sse;
        private volatile SseBroadcaster broadcaster;

        void subscribe(SseEventSink sink, Sse from) {
            broadcaster(from).register(sink);
            // Sent after registering, so a client that has seen "hello" is sure to get every later event.
            sink.send(from.newEventBuilder().name("hello").data("connected").build());
        }

        void send(String name, String id, Object body) {
            SseBroadcaster target = broadcaster;
            if (target == null) {
                return;
            }
            try {
                target.broadcast(sse.newEventBuilder()
                        .name(name)
                        .id(id)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(json.writeValueAsString(body))
                        .build());
            } catch (JsonProcessingException e) {
                LOG.errorf(e, "cannot serialize %s %s for the page", name, id);
            }
        }

        private synchronized SseBroadcaster broadcaster(Sse from) {
            if (broadcaster == null) {
                sse = from;
                broadcaster = from.newBroadcaster();
            }
            return broadcaster;
        }
    }
}
