package org.osteon.scoring.lifecycle;

import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.postprocess.ModelRole;

/**
 * The model one role (primary or shadow) runs, with at most one verified candidate waiting to replace
 * it. Only the scoring loop installs a candidate, between two batches, so no batch sees a half-swapped
 * model and the old session is closed only after its last batch.
 */
public final class ModelSlot implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelSlot.class);

    private final ModelRole role;
    private final AtomicReference<OnnxModel> active;
    private final AtomicReference<OnnxModel> staged = new AtomicReference<>();

    public ModelSlot(ModelRole role, OnnxModel initial) {
        this.role = role;
        this.active = new AtomicReference<>(initial);
    }

    public ModelRole role() {
        return role;
    }

    /** The model the next batch will not necessarily use (a candidate may be waiting); for reporting. */
    public OnnxModel active() {
        return active.get();
    }

    /** The candidate waiting for the next batch boundary, or null. */
    public OnnxModel staged() {
        return staged.get();
    }

    /**
     * Queues a verified model. A candidate staged earlier and not yet installed is closed: the newest
     * request wins.
     */
    public void stage(OnnxModel candidate) {
        OnnxModel previous = staged.getAndSet(candidate);
        if (previous != null) {
            previous.close();
        }
        LOG.infof("%s model %s %s staged; it takes over at the next batch", role.wireName(),
                candidate.descriptor().name(), candidate.descriptor().version());
    }

    /**
     * The model for the batch about to run, installing a staged candidate first. Call only from the
     * thread that runs inference: the replaced session is closed here, when nothing uses it any more.
     */
    public OnnxModel forNextBatch() {
        OnnxModel candidate = staged.getAndSet(null);
        if (candidate == null) {
            return active.get();
        }
        OnnxModel old = active.getAndSet(candidate);
        LOG.infof("%s model swapped: %s %s -> %s %s (%s)", role.wireName(), old.descriptor().name(),
                old.descriptor().version(), candidate.descriptor().name(), candidate.descriptor().version(),
                candidate.executionProvider());
        old.close();
        return candidate;
    }

    @Override
    public void close() {
        OnnxModel s = staged.getAndSet(null);
        if (s != null) {
            s.close();
        }
        active.get().close();
    }
}
