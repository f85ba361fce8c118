package org.osteon.scoring.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.osteon.scoring.config.ScoringConfig;
import org.osteon.scoring.lifecycle.SwapRefusedException.Reason;

/**
 * What a model swap may load, as the deployment decided it: folders inside one models root, and only
 * folders whose model digest ({@link org.osteon.scoring.model.ModelFiles}) the deployment pinned. A
 * request names the digest it means; it must be one of the pinned ones, and the candidate's files must
 * hash to it ({@link ModelLoader#loadPinned}). So neither a caller nor whoever can write a folder in the
 * root can bring in a model the deployment never listed, nor an older listed one in place of the one
 * the caller approved. Beside the configured digests, an admin may pin one at run time
 * ({@code POST /api/model/pins}); those pins are lines of the {@link ModelAudit} in the root.
 */
public final class SwapPolicy {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** The root as configured (absolute, normalised) and with its links resolved. */
    private final Path configuredRoot;

    private final Path realRoot;
    private final Set<String> pinned;
    private final ModelAudit audit;

    /** As {@link #SwapPolicy(Path, Collection, int)}, with the audit's default bound. */
    public SwapPolicy(Path modelsRoot, Collection<String> pinnedSha256) {
        this(modelsRoot, pinnedSha256, ModelAudit.DEFAULT_MAX_LINES);
    }

    /**
     * @throws IllegalStateException when {@code modelsRoot} is not an existing directory, or the pinned
     *         digests are empty or not SHA-256 in hex, or the audit file ({@link ModelAudit}) cannot be
     *         trusted
     */
    public SwapPolicy(Path modelsRoot, Collection<String> pinnedSha256, int auditMaxLines) {
        this.configuredRoot = modelsRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(configuredRoot)) {
            throw new IllegalStateException("osteon.scoring.models-root " + modelsRoot
                    + " is not an existing directory (OSTEON_SCORING_MODELS_ROOT)");
        }
        try {
            this.realRoot = configuredRoot.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("osteon.scoring.models-root " + modelsRoot + " cannot be read: " + e, e);
        }
        if (pinnedSha256.isEmpty()) {
            throw new IllegalStateException("osteon.scoring.model-swap-pinned-sha256 is empty: with model swap enabled,"
                    + " pin the model digest of each folder a swap may load (OSTEON_SCORING_MODEL_SWAP_PINNED_SHA256)");
        }
        Set<String> pins = new TreeSet<>();
        for (String pin : pinnedSha256) {
            if (pin == null || !SHA256.matcher(pin.strip()).matches()) {
                throw new IllegalStateException(
                        "osteon.scoring.model-swap-pinned-sha256: '" + pin + "' is not a SHA-256 in hex (64 digits)");
            }
            pins.add(pin.strip().toLowerCase(Locale.ROOT));
        }
        this.pinned = Set.copyOf(pins);
        this.audit = new ModelAudit(realRoot.resolve(ModelAudit.FILE_NAME), auditMaxLines);
    }

    /**
     * The policy the configuration asks for; empty while {@code osteon.scoring.model-swap-enabled} is
     * off, when the root and the pins are not read.
     *
     * @throws IllegalStateException when swap is on and the root or the pins are missing or invalid
     */
    public static Optional<SwapPolicy> from(ScoringConfig config) {
        if (!config.modelSwapEnabled()) {
            return Optional.empty();
        }
        Path root = config.modelsRoot()
                .map(Path::of)
                .orElseThrow(() -> new IllegalStateException(
                        "osteon.scoring.model-swap-enabled=true needs osteon.scoring.models-root, the only folder swap"
                                + " candidates may come from (OSTEON_SCORING_MODELS_ROOT)"));
        return Optional.of(
                new SwapPolicy(root, config.modelSwapPinnedSha256().orElse(Set.of()), config.modelAuditMaxLines()));
    }

    /** The models root, links resolved. */
    public Path root() {
        return realRoot;
    }

    /** The digests the configuration pins, lower-case hex; {@link #audit()} holds those pinned at run time. */
    public Set<String> pinned() {
        return pinned;
    }

    /** The record of run-time pins, promotions and rollbacks, in the models root. */
    public ModelAudit audit() {
        return audit;
    }

    /** Whether {@code sha256} is pinned by the configuration or by the audit. */
    public boolean isPinned(String sha256) {
        String pin = sha256.toLowerCase(Locale.ROOT);
        return pinned.contains(pin) || audit.pins().contains(pin);
    }

    /**
     * The folder {@code requested} names (absolute, or relative to the models root), links resolved.
     * A name outside the root is refused before the file system is asked about it; a name inside that
     * resolves through a link to somewhere outside is refused too.
     */
    public Path confine(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new SwapRefusedException(Reason.MALFORMED, "body must name the model folder: {\"dir\": \"/path\"}");
        }
        Path named;
        try {
            named = configuredRoot.resolve(requested).normalize();
        } catch (InvalidPathException e) {
            throw new SwapRefusedException(Reason.MALFORMED, "'" + requested + "' is not a path: " + e.getMessage());
        }
        if (!named.startsWith(configuredRoot) && !named.startsWith(realRoot)) {
            throw outside(requested, named);
        }
        Path real;
        try {
            real = named.toRealPath();
        } catch (NoSuchFileException e) {
            throw new SwapRefusedException(Reason.MALFORMED, "model folder " + named + " does not exist");
        } catch (IOException e) {
            throw new SwapRefusedException(Reason.MALFORMED, "model folder " + named + " cannot be read: " + e);
        }
        if (!real.startsWith(realRoot)) {
            throw outside(requested, real);
        }
        if (!Files.isDirectory(real)) {
            throw new SwapRefusedException(Reason.MALFORMED, "model folder " + real + " is not a directory");
        }
        return real;
    }

    /** {@code requested}, lower-case, when it is one of the pinned digests. */
    public String pin(String requested) {
        if (requested == null || requested.isBlank()) {
            throw new SwapRefusedException(
                    Reason.MALFORMED,
                    "body must carry pinnedSha256, the model digest of the"
                            + " folder to load, as pinned in osteon.scoring.model-swap-pinned-sha256");
        }
        if (!SHA256.matcher(requested).matches()) {
            throw new SwapRefusedException(Reason.MALFORMED, "pinnedSha256 must be a SHA-256 in hex (64 digits)");
        }
        String pin = requested.toLowerCase(Locale.ROOT);
        if (!isPinned(pin)) {
            throw new SwapRefusedException(
                    Reason.NOT_ALLOWED,
                    "pinnedSha256 " + pin + " is not among the model digests this deployment pins"
                            + " (osteon.scoring.model-swap-pinned-sha256, or POST /api/model/pins)");
        }
        return pin;
    }

    private SwapRefusedException outside(String requested, Path resolved) {
        return new SwapRefusedException(
                Reason.NOT_ALLOWED,
                "model folder " + requested + " (" + resolved + ") is outside the models root " + realRoot
                        + " (osteon.scoring.models-root)");
    }
}
