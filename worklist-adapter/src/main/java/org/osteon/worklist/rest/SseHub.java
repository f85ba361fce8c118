package org.osteon.worklist.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;
import org.osteon.worklist.alerts.AlertPayloads;
import org.osteon.worklist.config.WorklistConfig;
import org.osteon.worklist.store.AlertRecord;
import org.osteon.worklist.store.WorklistRow;
import org.osteon.worklist.viewer.PacsViewerLinks;

/**
 * Pushes changed rows and alerts to this replica's open pages. Both carry PHI (accession, patient
 * name): these streams are only for the PHI zone's page. The change feed calls it for every change
 * any replica committed (fanout.ChangeFeed).
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

    public void sendRow(WorklistRow row) {
        rows.send("row", row.studyKey(), viewerLinks.linked(row));
    }

    public void sendAlert(AlertRecord alert) {
        alerts.send("alert", alert.id(), AlertPayloads.json(alert, alertConfig.pageBaseUrl(), true));
    }

    /**
     * Ends every open stream: changes may have been missed, and a page that reconnects reloads its
     * list on "hello" (worklist.js), so nothing stays stale.
     */
    public void closeAll() {
        rows.close();
        alerts.close();
    }

    /** One SSE stream with its subscribers. */
    private final class Channel {
        private volatile Sse sse;
        private volatile SseBroadcaster broadcaster;

        synchronized void subscribe(SseEventSink sink, Sse from) {
            // Under the lock: close() cannot end this broadcaster between its creation and the registration.
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
                // A broadcaster closed meanwhile (close()) throws; its pages reconnect and reload anyway.
                target.broadcast(sse.newEventBuilder()
                        .name(name)
                        .id(id)
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(json.writeValueAsString(body))
                        .build());
            } catch (JsonProcessingException e) {
                LOG.errorf(e, "cannot serialize %s %s for the page", name, id);
            } catch (IllegalStateException closed) {
                LOG.debugf("%s %s not sent: the streams were just closed", name, id);
            }
        }

        synchronized void close() {
            if (broadcaster != null) {
                broadcaster.close();
                broadcaster = null;
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
