package org.osteon.platform.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** The claim-check object stores: the PHI zone's and the research zone's. */
@ConfigMapping(prefix = "osteon.store")
public interface StoreConfig {
    /** Folder of the PHI-zone object store: received objects as they arrived, {@code <study UID>/<SOP UID>.dcm}. */
    @WithDefault("osteon-data/phi-store")
    Path phiRoot();

    /**
     * Folder of the research-zone object store: de-identified objects, {@code <studyKey>/<instanceKey>.dcm}.
     * No default here: every app maps this interface, and a default would reach the worklist adapter, for
     * which unset means "no images in the study view". The apps that need it (streams, scoring) set their
     * own default and refuse to start without an existing folder.
     */
    Optional<Path> researchRoot();

    /** The research store's root for an app that cannot work without it: it must be an existing folder. */
    default Path requiredResearchRoot() {
        Path root = researchRoot()
                .orElseThrow(() -> new IllegalStateException(
                        "osteon.store.research-root (OSTEON_STORE_RESEARCH_ROOT) is not set"));
        if (!java.nio.file.Files.isDirectory(root)) {
            throw new IllegalStateException("osteon.store.research-root (OSTEON_STORE_RESEARCH_ROOT) " + root
                    + " is not an existing directory");
        }
        return root;
    }

    /**
     * Most bytes the PHI store's rejected area ({@code <phi-root>/.rejected}) may hold. Refused objects
     * are kept there for a person; a sender repeating bad objects must not fill the disk the good ones
     * need. Past the bound a refused object is answered as a fault of this side (C-STORE {@code A700},
     * STOW-RS 503): the sender keeps it, and an operator empties the area after reading its dead letters.
     */
    @WithDefault("10G")
    io.quarkus.runtime.configuration.MemorySize rejectedMaxSize();
}
