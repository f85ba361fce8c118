package org.osteon.worklist.image;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.osteon.platform.store.ClaimChecks;
import org.osteon.platform.store.RefusedClaimCheck;
import org.osteon.platform.store.StoreConfig;

/**
 * The research-zone store, read-only, as the study view sees it. A decision's URIs come from Kafka:
 * they are trusted only as far as they resolve, after following links and "..", to a regular file
 * below the configured root (platform {@link ClaimChecks}, the resolver every service uses). Anything else is treated as absent, so the API never serves a file
 * from elsewhere on the host. Created at startup, so a misconfigured root stops the adapter at once.
 */
@ApplicationScoped
@Startup
public class ResearchStore {

    private static final Logger LOG = Logger.getLogger(ResearchStore.class);

    private final Optional<Path> root;

    /**
     * The shared {@code osteon.store.research-root} mapping: unset, the study view has no image; set, it
     * must be an existing directory.
     */
    @Inject
    ResearchStore(StoreConfig store) {
        this(store.researchRoot());
    }

    /** @throws IllegalStateException when a root is configured but is not an existing directory */
    public ResearchStore(Optional<Path> configuredRoot) {
        this.root = configuredRoot.map(ResearchStore::realDirectory);
    }

    /** The file the URI names, when it is a regular file below the root; empty otherwise. */
    public Optional<Path> resolve(String uri) {
        if (root.isEmpty() || uri == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClaimChecks.open(root.get(), uri));
        } catch (RefusedClaimCheck e) {
            return refuse(uri, e.getMessage());
        } catch (NoSuchFileException e) {
            // Not stored (yet, or any more): the study view simply has no image, as for an unknown study.
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return refuse(uri, e.getClass().getSimpleName());
        }
    }

    private static Optional<Path> refuse(String uri, String why) {
        LOG.warnf("refused to read %s from the research store: %s", uri, why);
        return Optional.empty();
    }

    private static Path realDirectory(Path configured) {
        if (!Files.isDirectory(configured)) {
            throw new IllegalStateException("osteon.store.research-root " + configured
                    + " is not an existing directory (OSTEON_STORE_RESEARCH_ROOT)");
        }
        try {
            return configured.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("osteon.store.research-root " + configured + " cannot be read", e);
        }
    }
}
