package org.osteon.gateway.scp;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import org.jboss.logging.Logger;
import org.osteon.events.IngestSource;
import org.osteon.gateway.config.GatewayConfig;
import org.osteon.gateway.ingest.IngestService;
import org.osteon.gateway.store.PhiStore;
import org.osteon.platform.kafka.PublishException;
import org.osteon.platform.store.StoreConfig;

/**
 * The C-STORE SCP, running for the life of the app. A C-STORE is answered success only once the object
 * is in the PHI store and its event is acknowledged by Kafka; otherwise the sender gets a failure
 * status and keeps the object to send again.
 */
@ApplicationScoped
public class CStoreGateway {

    private static final Logger LOG = Logger.getLogger(CStoreGateway.class);

    private final GatewayConfig config;
    private final StoreConfig store;
    private final IngestService ingest;
    private volatile StorageScp scp;

    public CStoreGateway(GatewayConfig config, StoreConfig store, IngestService ingest) {
        this.config = config;
        this.store = store;
        this.ingest = ingest;
    }

    void onStart(@Observes StartupEvent event) {
        GatewayConfig.Dicom dicom = config.dicom();
        if (!dicom.enabled()) {
            return;
        }
        Set<String> listed = dicom.allowedCallingAeTitles().orElse(Set.of());
        Set<String> allowed = listed.isEmpty() && dicom.allowAnyCallingAe() ? null : listed;
        if (allowed != null && allowed.isEmpty()) {
            LOG.warn("no calling AE title is allowed: every association will be refused; set "
                    + "osteon.gateway.dicom.allowed-calling-ae-titles (or allow-any-calling-ae=true)");
        }
        var settings = new StorageScp.Settings(
                dicom.port(), dicom.aeTitle(), allowed, dicom.maxAssociations(), DicomTls.settings(dicom.tls()));
        try {
            // The spool lives inside the PHI store so that moving a file out is an atomic rename.
            scp = StorageScp.start(settings, store.phiRoot().resolve(".incoming"), this::received);
            LOG.infof(
                    "DICOM C-STORE SCP listening on port %d as AE %s (%s, at most %d associations, calling AEs: %s)",
                    dicom.port(),
                    dicom.aeTitle(),
                    settings.tls() == null ? "TCP" : "TLS",
                    dicom.maxAssociations(),
                    allowed == null ? "any" : allowed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the DICOM C-STORE SCP on port " + dicom.port(), e);
        }
    }

    /** True once the SCP accepts associations. */
    public boolean isRunning() {
        return scp != null;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scp != null) {
            scp.close();
        }
    }

    /** The C-STORE status for one received object. */
    int received(StorageScp.ReceivedObject object) {
        return received(ingest, object);
    }

    /** The C-STORE status for one received object, ingested by {@code ingest}. */
    public static int received(IngestService ingest, StorageScp.ReceivedObject object) {
        return status(
                () -> ingest.ingestReceived(
                        object.file(),
                        object.sha256(),
                        object.sizeBytes(),
                        IngestSource.CSTORE,
                        object.callingAeTitle(),
                        object.calledAeTitle()),
                object.file());
    }

    /**
     * Durable before acknowledged: anything short of an acknowledged event is a failure the sender sees.
     * Only bad input is final (C000); a fault of this side (broker, disk) is A700, which a sender retries.
     */
    static int status(Ingestion ingestion, Path spoolFile) {
        try {
            IngestService.Outcome outcome = ingestion.run();
            // Not DICOM we can read: already dead-lettered (durably), and resending it would not help.
            return outcome.accepted() ? StorageScp.SUCCESS : StorageScp.CANNOT_UNDERSTAND;
        } catch (PublishException e) {
            LOG.errorf("refusing C-STORE of %s: its event is not durable: %s", spoolFile.getFileName(), e.getMessage());
            return StorageScp.REFUSED_OUT_OF_RESOURCES;
        } catch (IOException e) {
            LOG.errorf(
                    "refusing C-STORE of %s: the PHI store failed: %s", spoolFile.getFileName(), PhiStore.reasonOf(e));
            return StorageScp.REFUSED_OUT_OF_RESOURCES;
        }
    }

    @FunctionalInterface
    interface Ingestion {
        IngestService.Outcome run() throws PublishException, IOException;
    }
}
