package org.osteon.scoring.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.WeakHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.inference.SessionSettings;
import org.osteon.scoring.model.ModelDescriptor;
import org.osteon.scoring.model.ModelFiles;

/**
 * Opens a model folder the way the service runs it: model.json read and validated, one session on the
 * configured device, and the model's golden vectors (required) reproduced before it is handed out.
 */
public final class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class);

    private final SessionSettings settings;
    /**
     * The model digest of every model this loader handed out, so a promotion can record what the
     * primary it replaces was, and a rollback load exactly that again. Weak: closed models go.
     */
    private final Map<OnnxModel, String> digests = Collections.synchronizedMap(new WeakHashMap<>());

    public ModelLoader(SessionSettings settings) {
        this.settings = settings;
    }

    /** The session settings the configuration asks for. */
    public static SessionSettings settings(ScoringConfig config) {
        ScoringConfig.Cuda cuda = config.cuda();
        return new SessionSettings(
                config.device(),
                config.allowCpuFallback(),
                config.intraOpThreads(),
                config.intraOpSpinning(),
                config.graphOptimizationLevel(),
                cuda.deviceId(),
                cuda.cudnnConvAlgoSearch(),
                cuda.arenaExtendStrategy(),
                cuda.gpuMemLimitMb()
                        .map(mb -> OptionalLong.of(mb * 1024 * 1024))
                        .orElse(OptionalLong.empty()));
    }

    public SessionSettings settings() {
        return settings;
    }

    /** The model digest ({@link ModelFiles}) of the files {@code model} was loaded from, if this loader loaded it. */
    public Optional<String> digest(OnnxModel model) {
        return Optional.ofNullable(digests.get(model));
    }

    /**
     * Loads and verifies {@code dir}, a folder the deployment configured (the model and shadow folders
     * read at start-up); its model digest is logged, not checked. The session is closed again when
     * verification fails, so a refused model holds no memory.
     */
    public OnnxModel load(Path dir) {
        ModelFiles files = ModelFiles.read(dir);
        return open(ModelDescriptor.load(files.directory()), files.directory(), files);
    }

    /**
     * Loads and verifies {@code dir} only if its model digest ({@link ModelFiles}) is {@code pinnedSha256}.
     * The files are copied into a private folder first and the digest is taken over the copy, which is
     * what gets loaded: a folder changed after the check cannot change what runs. A folder that does not
     * match is refused before any of it is parsed by ONNX Runtime. The copy is removed once the session
     * is open (ONNX Runtime keeps the graph in memory) or refused.
     */
    public OnnxModel loadPinned(Path dir, String pinnedSha256) {
        Path snapshot;
        try {
            snapshot = Files.createTempDirectory("osteon-candidate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a private copy of the candidate: " + e.getMessage(), e);
        }
        try {
            ModelFiles files = ModelFiles.copy(dir, snapshot);
            if (!files.sha256().equalsIgnoreCase(pinnedSha256)) {
                throw new IllegalStateException("the model digest of " + files.directory() + " is " + files.sha256()
                        + ", not the pinned " + pinnedSha256 + "; nothing was loaded");
            }
            return open(ModelDescriptor.load(snapshot), snapshot, files);
        } finally {
            deleteQuietly(snapshot);
        }
    }

    /** Opens the session on the files in {@code from}; the model reports the folder {@code files} names. */
    private OnnxModel open(ModelDescriptor inFolder, Path from, ModelFiles files) {
        OnnxModel model = OnnxModel.load(inFolder.locatedAt(files.directory()), inFolder.modelFile(), settings);
        try {
            int cases = GoldenCheck.verify(model, from.resolve("golden"));
            LOG.infof(
                    "model %s %s from %s: %d golden cases reproduced; model digest sha256 %s",
                    model.descriptor().name(), model.descriptor().version(), files.directory(), cases, files.sha256());
            digests.put(model, files.sha256());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not remove the candidate copy %s: %s", dir, e.getMessage());
        }
    }
}
