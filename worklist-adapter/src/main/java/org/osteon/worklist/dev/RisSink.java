package org.osteon.worklist.dev;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.osteon.worklist.config.WorklistConfig;

/**
 * The demo's stand-in RIS, off unless {@code osteon.dev.ris-sink-enabled=true}: a real HAPI MLLP
 * receiver that acknowledges and records every order change, and (through {@link RisSinkResource}) a
 * FHIR endpoint that records every ServiceRequest PATCH. A real RIS replaces it by configuration.
 */
@ApplicationScoped
public class RisSink {

    private static final Logger LOG = Logger.getLogger(RisSink.class);
    private static final int KEEP = 200;

    private final WorklistConfig.Dev config;
    private final Deque<Map<String, Object>> hl7 = new ArrayDeque<>();
    private final Deque<Map<String, Object>> fhir = new ArrayDeque<>();
    private MllpReceiver receiver;

    RisSink(WorklistConfig config) {
        this.config = config.dev();
    }

    public boolean enabled() {
        return config.risSinkEnabled();
    }

    void start(@Observes StartupEvent event) throws InterruptedException {
        if (!enabled()) {
            return;
        }
        receiver = new MllpReceiver(config.risSinkHl7Port(), message -> {
            try {
                record(message);
                return AcknowledgmentCode.AA;
            } catch (HL7Exception e) {
                // Recorded or not, the RIS sink accepts everything; a real RIS decides for itself.
                LOG.warnf("RIS sink could not read a message: %s", e.getMessage());
                return AcknowledgmentCode.AA;
            }
        });
        LOG.warnf("development RIS sink listening for HL7 v2 on port %d: not for production", config.risSinkHl7Port());
    }

    private void record(Message message) throws HL7Exception {
        Terser terser = new Terser(message);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("receivedAt", Instant.now().toString());
        entry.put("messageType", terser.get("/MSH-9-1") + "^" + terser.get("/MSH-9-2"));
        entry.put("controlId", terser.get("/MSH-10"));
        entry.put("accessionNumber", terser.get("/.ORC-3-1"));
        entry.put("tq1Priority", terser.get("/.TQ1-9-1"));
        entry.put("orc7Priority", terser.get("/.ORC-7-6"));
        entry.put("obr27Priority", terser.get("/.OBR-27-6"));
        add(hl7, entry);
    }

    void recordFhir(String url, String requestId, String body) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("receivedAt", Instant.now().toString());
        entry.put("request", "PATCH " + url);
        entry.put("requestId", requestId);
        entry.put("body", body);
        add(fhir, entry);
    }

    private static synchronized void add(Deque<Map<String, Object>> into, Map<String, Object> entry) {
        into.addFirst(entry);
        while (into.size() > KEEP) {
            into.removeLast();
        }
    }

    /** Newest first. */
    synchronized Map<String, List<Map<String, Object>>> received() {
        return Map.of("hl7", List.copyOf(hl7), "fhir", List.copyOf(fhir));
    }

    void stop(@Observes ShutdownEvent event) throws IOException {
        if (receiver != null) {
            receiver.close();
        }
    }
}
