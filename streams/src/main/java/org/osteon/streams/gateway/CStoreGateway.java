package org.osteon.streams.gateway;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.osteon.events.IngestSource;
import org.osteon.streams.config.OsteonConfig;
import org.osteon.streams.dicom.StorageScp;
import org.osteon.streams.kafka.EventPublisher.PublishException;

/** The C-STORE SCP, running for the life of the app. */
@ApplicationScoped
public class CStoreGateway {

    private static final Logger LOG = Logger.getLogger(CStoreGateway.class);

    private final OsteonConfig config;
    private final IngestService ingest;
    private volatile StorageScp scp;

    public CStoreGateway(OsteonConfig config, IngestService ingest) {
        this.config = config;
        this.ingest = ingest;
    }

    void onStart(@Observes StartupEvent event) {
        OsteonConfig.Dicom dicom = config.gateway().dicom();
        if (!dicom.enabled()) {
            return;
        }
        try {
            // The spool lives inside the PHI store so that moving a file out is an atomic rename.
            Path spool = Files.createDirectories(config.store().phiRoot().resolve(".incoming"));
            scp = StorageScp.start(dicom.port(), dicom.aeTitle(), spool, this::received, Duration.ofSeconds(10));
            LOG.infof("DICOM C-STORE SCP listening on port %d as AE %s", dicom.port(), dicom.aeTitle());
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

    private void received(Path file, String callingAeTitle, String calledAeTitle) {
        try {
            ingest.ingest(file, IngestSource.CSTORE, callingAeTitle, calledAeTitle);
        } catch (PublishException e) {
            // The object is kept in the PHI store; without an event nothing downstream will see it, so say so loudly.
            LOG.errorf("received %s but could not publish it: %s", file.getFileName(), e.getMessage());
        }
    }
}
