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
import org.osteon.worklist.publish.RowChanged;
import org.osteon.worklist.store.WorklistRow;

/** Pushes changed rows to every open page. Rows carry PHI: this stream is only for the PHI zone's page. */
@ApplicationScoped
public class SseHub {

    private static final Logger LOG = Logger.getLogger(SseHub.class);

    private final ObjectMapper json;
    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;

    SseHub(ObjectMapper json) {
        this.json = json;
    }

    void subscribe(SseEventSink sink, Sse sse) {
        broadcaster(sse).register(sink);
        // Sent after registering, so a client that has seen "hello" is sure to get every later change.
        sink.send(sse.newEventBuilder().name("hello").data("connected").build());
    }

    void onChange(@Observes RowChanged change) {
        onChange(change.row());
    }

    void onChange(WorklistRow row) {
        SseBroadcaster target = broadcaster;
        if (target == null) {
            return;
        }
        try {
            target.broadcast(sse.newEventBuilder().name("row").id(row.studyKey())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(json.writeValueAsString(row)).build());
        } catch (JsonProcessingException e) {
            LOG.errorf(e, "cannot serialize row %s for the page", row.studyKey());
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
