package org.osteon.scoring.lifecycle;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.postprocess.ModelRole;

/**
 * The model one role (primary or shadow) runs, with at most one verified candidate waiting to replace
 * it. A batch leases the model it runs on; a candidate is installed when the next lease is taken, so no
 * batch sees a half-swapped model. Several inference workers may hold leases at once, on the old model
 * and the new one; the replaced session is closed when its last lease is returned, never under a run.
 */
public final class ModelSlot implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelSlot.class);

    private final ModelRole role;
    private final Object lock = new Object();
    private OnnxModel active;
    private OnnxModel staged;
    /** Leases held per model; a replaced model stays open while it has any. */
    private final Map<OnnxModel, Integer> leases = new IdentityHashMap<>();

    private boolean closed;

    public ModelSlot(ModelRole role, OnnxModel initial) {
        this.role = role;
        this.active = initial;
    }

    /** One batch's hold on a model: the session stays open until {@link #close()}. */
    public final class Lease implements AutoCloseable {

        private final OnnxModel model;
        private boolean returned;

        private Lease(OnnxModel model) {
            this.model = model;
        }

        public OnnxModel model() {
            return model;
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (returned) {
                    return;
                }
                returned = true;
                int left = leases.merge(model, -1, Integer::sum);
                if (left == 0) {
                    leases.remove(model);
                    if (model != active || closed) {
                        model.close();
                    }
                }
            }
        }
    }

    public ModelRole role() {
        return role;
    }

    /** The model the next batch will not necessarily use (a candidate may be waiting); for reporting. */
    public OnnxModel active() {
        synchronized (lock) {
            return active;
        }
    }

    /** The candidate waiting for the next batch boundary, or null. */
    public OnnxModel staged() {
        synchronized (lock) {
            return staged;
        }
    }

    /**
     * Queues a verified model. A candidate staged earlier and not yet installed is closed: the newest
     * request wins.
     */
    public void stage(OnnxModel candidate) {
        OnnxModel previous;
        synchronized (lock) {
            previous = staged;
            staged = candidate;
        }
        if (previous != null) {
            previous.close();
        }
        LOG.infof(
                "%s model %s %s staged; it takes over at the next batch",
                role.wireName(),
                candidate.descriptor().name(),
                candidate.descriptor().version());
    }

    /**
     * The model for the batch about to run, installing a staged candidate first. The replaced model is
     * closed now if no batch holds it, else when the last one returns its lease.
     */
    public Lease lease() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(role.wireName() + " model slot is closed");
            }
            if (staged != null) {
                OnnxModel old = active;
                active = staged;
                staged = null;
                LOG.infof(
                        "%s model swapped: %s %s -> %s %s (%s)",
                        role.wireName(),
                        old.descriptor().name(),
                        old.descriptor().version(),
                        active.descriptor().name(),
                        active.descriptor().version(),
                        active.executionProvider());
                if (!leases.containsKey(old)) {
                    old.close();
                }
            }
            leases.merge(active, 1, Integer::sum);
            return new Lease(active);
        }
    }

    /** Closes the staged model now and the active one once no batch holds it. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (staged != null) {
                staged.close();
                staged = null;
            }
            if (!leases.containsKey(active)) {
                active.close();
            }
        }
    }
}
