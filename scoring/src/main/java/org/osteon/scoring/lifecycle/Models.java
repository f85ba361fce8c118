package org.osteon.scoring.lifecycle;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.postprocess.ModelRole;

/**
 * The service's models: the primary slot, whose scores the gate reads, and an optional shadow slot.
 * {@link #swap} is the one way a new version gets in.
 */
public final class Models implements AutoCloseable {

    private final ModelLoader loader;
    private final ModelSlot primary;
    private final Optional<ModelSlot> shadow;

    public Models(ModelLoader loader, ModelSlot primary, Optional<ModelSlot> shadow) {
        this.loader = loader;
        this.primary = primary;
        this.shadow = shadow;
    }

    /** Opens the primary model and, when a folder is named, the shadow model. */
    public static Models open(ModelLoader loader, Path primaryDir, Optional<Path> shadowDir) {
        ModelSlot primary = new ModelSlot(ModelRole.PRIMARY, loader.load(primaryDir));
        try {
            return new Models(loader, primary, shadowDir.map(dir -> new ModelSlot(ModelRole.SHADOW, loader.load(dir))));
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    public ModelSlot primary() {
        return primary;
    }

    public Optional<ModelSlot> shadow() {
        return shadow;
    }

    /**
     * Loads {@code dir} if its model digest is {@code pinnedSha256}, verifies its golden vectors and
     * stages it in the role's slot; the scoring loop installs it before its next batch. Throws, leaving
     * the running model untouched, when the folder is not the pinned one or not a model this service
     * can run faithfully. Where {@code dir} may lie and which digests may be pinned is the caller's
     * check ({@link SwapPolicy}).
     */
    public ModelSlot swap(ModelRole role, Path dir, String pinnedSha256) {
        return swap(role, dir, pinnedSha256, model -> {});
    }

    /**
     * As {@link #swap(ModelRole, Path, String)}, running {@code beforeStaging} on the verified candidate
     * before it is staged: an audit line written there is on disk before the model can score, and when
     * it throws, the candidate is closed and the running model stays.
     */
    public ModelSlot swap(ModelRole role, Path dir, String pinnedSha256, Consumer<OnnxModel> beforeStaging) {
        ModelSlot slot = role == ModelRole.PRIMARY
                ? primary
                : shadow.orElseThrow(() -> new IllegalArgumentException(
                        "no shadow model is configured (osteon.scoring.shadow-model-dir)"));
        OnnxModel candidate = loader.loadPinned(dir, pinnedSha256);
        try {
            beforeStaging.accept(candidate);
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
        slot.stage(candidate);
        return slot;
    }

    /** The model digest of the files {@code model} was loaded from. */
    public Optional<String> digest(OnnxModel model) {
        return loader.digest(model);
    }

    @Override
    public void close() {
        primary.close();
        shadow.ifPresent(ModelSlot::close);
    }
}
