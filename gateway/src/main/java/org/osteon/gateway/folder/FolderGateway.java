package org.osteon.gateway.folder;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import org.osteon.gateway.config.GatewayConfig;
import org.osteon.gateway.ingest.IngestService;
import org.osteon.gateway.store.PhiStore;
import org.osteon.platform.kafka.PublishException;

/**
 * The watched folder: every regular file dropped into {@code osteon.gateway.folder.path} is ingested
 * and leaves the folder. Polling rather than a WatchService, because it behaves the same on every file
 * system (network shares included) and lets a file be picked up only once its size stops changing.
 */
@ApplicationScoped
public class FolderGateway {

    private static final Logger LOG = Logger.getLogger(FolderGateway.class);

    private final GatewayConfig config;
    private final IngestService ingest;
    private final Map<Path, Long> lastSeenSize = new HashMap<>();
    private ScheduledExecutorService poller;

    @jakarta.inject.Inject
    public FolderGateway(GatewayConfig config, IngestService ingest) {
        this.config = config;
        this.ingest = ingest;
    }

    /** Polling only, without the scheduler that {@link #onStart} configures: tests. */
    public FolderGateway(IngestService ingest) {
        this(null, ingest);
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        if (config.folder().path().isEmpty()) {
            return;
        }
        Path folder = Files.createDirectories(config.folder().path().get());
        long every = config.folder().pollMillis();
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

    /**
     * One pass: ingest files whose size is the same as on the previous pass, so half-copied files wait.
     * A symbolic link is never followed: whoever can write the folder must not make the gateway read
     * (and announce, and dead-letter) files elsewhere on the host. A file leaves the folder only once
     * its outcome is durable (announced, or dead-lettered); after a transient failure (broker, disk) it
     * stays, and a later pass, or the next start, announces it.
     */
    public void poll(Path folder) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
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
                Files.delete(file);
            } catch (IOException e) {
                LOG.warnf("cannot ingest a folder file now, will retry: %s", PhiStore.reasonOf(e));
            } catch (PublishException e) {
                LOG.warnf("cannot announce a folder file now, will retry: %s", e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(
                        "unexpected failure ingesting a folder file, will retry: %s",
                        e.getClass().getName());
            }
        }
    }
}
