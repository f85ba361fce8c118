package org.osteon.streams.gateway;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.osteon.events.IngestSource;
import org.osteon.streams.config.OsteonConfig;
import org.osteon.streams.kafka.EventPublisher.PublishException;

/**
 * The watched folder: every regular file dropped into {@code osteon.gateway.folder.path} is ingested
 * and leaves the folder. Polling rather than a WatchService, because it behaves the same on every file
 * system (network shares included) and lets a file be picked up only once its size stops changing.
 */
@ApplicationScoped
public class FolderGateway {

    private static final Logger LOG = Logger.getLogger(FolderGateway.class);

    private final OsteonConfig config;
    private final IngestService ingest;
    private final Map<Path, Long> lastSeenSize = new HashMap<>();
    private ScheduledExecutorService poller;

    public FolderGateway(OsteonConfig config, IngestService ingest) {
        this.config = config;
        this.ingest = ingest;
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        if (config.gateway().folder().path().isEmpty()) {
            return;
        }
        Path folder = Files.createDirectories(config.gateway().folder().path().get());
        long every = config.gateway().folder().pollMillis();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osteon-folder-gateway");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> poll(folder), 0, every, TimeUnit.MILLISECONDS);
        LOG.infof("watching %s for DICOM files every %d ms", folder, every);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** One pass: ingest files whose size is the same as on the previous pass, so half-copied files wait. */
    void poll(Path folder) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().endsWith(".partial"))
                    .toList();
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", folder, e.getMessage());
            return;
        }
        lastSeenSize.keySet().retainAll(files);
        for (Path file : files) {
            try {
                long size = Files.size(file);
                Long before = lastSeenSize.put(file, size);
                if (before == null || before != size) {
                    continue;
                }
                lastSeenSize.remove(file);
                ingest.ingest(file, IngestSource.FOLDER, null, null);
            } catch (IOException e) {
                LOG.warnf("cannot read %s: %s", file, e.getMessage());
            } catch (PublishException e) {
                // Already moved into the PHI store but not announced: an operator must replay it.
                LOG.errorf("cannot publish %s: %s", file.getFileName(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "unexpected failure ingesting %s", file.getFileName());
            }
        }
    }
}
