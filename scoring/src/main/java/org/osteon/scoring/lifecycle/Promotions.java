package org.osteon.scoring.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.osteon.scoring.inference.OnnxModel;
import org.osteon.scoring.lifecycle.ModelAudit.Action;
import org.osteon.scoring.lifecycle.ModelAudit.Entry;
import org.osteon.scoring.lifecycle.PromotionRefusedException.Reason;
import org.osteon.scoring.model.ModelFiles;
import org.osteon.scoring.postprocess.ModelRole;

/**
 * The human-approved steps of a model's way in, each written to the {@link ModelAudit} before it takes
 * effect: an admin pins a candidate's digest (so it may be swapped in as the shadow), promotes the
 * running shadow to primary on the strength of its passing gate report, and rolls the latest promotion
 * back. Folders are confined to the models root by the caller ({@link SwapPolicy#confine}); one at a
 * time, so two approvals never interleave.
 */
public final class Promotions {

    private static final Logger LOG = Logger.getLogger(Promotions.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String GOLDEN = ModelFiles.GOLDEN_JSON;

    private final Models models;
    private final ModelAudit audit;
    private final Clock clock;
    private final Path modelsRoot;
    private final List<Path> configuredDirs;
    private final Optional<String> lockedReference;

    /** Rollbacks confined to the audit's folder, the models root. */
    public Promotions(Models models, ModelAudit audit, Clock clock) {
        this(models, audit, clock, List.of(), Optional.empty());
    }

    /**
     * @param configuredDirs the configured {@code model-dir} and {@code shadow-model-dir}: besides the
     *        models root, the only folders a rollback may load (the first primary usually lies outside the
     *        root)
     * @param lockedReferenceSha256 when present, the only {@code inputs.reference.content_sha256} a
     *        promoted gate report may name ({@code osteon.scoring.promotion.locked-reference-sha256})
     */
    public Promotions(
            Models models,
            ModelAudit audit,
            Clock clock,
            List<Path> configuredDirs,
            Optional<String> lockedReferenceSha256) {
        this.models = models;
        this.lockedReference = lockedReferenceSha256.map(v -> v.toLowerCase(Locale.ROOT));
        this.audit = audit;
        this.clock = clock;
        this.modelsRoot = realPath(audit.file().toAbsolutePath().getParent());
        List<Path> dirs = new ArrayList<>();
        for (Path dir : configuredDirs) {
            dirs.add(realPath(dir));
        }
        this.configuredDirs = List.copyOf(dirs);
    }

    /**
     * Pins {@code sha256} for swaps once {@code dir}'s files hash to it: the caller names the digest they
     * approved, and the folder must agree. Returns the audit line.
     */
    public synchronized Entry pin(String by, Path dir, String sha256, String reason) {
        String pin = digest(sha256, "sha256");
        ModelFiles files = files(dir);
        if (!files.sha256().equals(pin)) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE,
                    "the model digest of " + dir + " is " + files.sha256() + ", not " + pin + "; nothing was pinned");
        }
        Entry entry = new Entry(
                now(),
                by,
                Action.pin,
                pin,
                dir.toString(),
                null,
                files.sha256ByName().get(GOLDEN),
                null,
                null,
                reason);
        audit.append(entry);
        LOG.infof("model digest %s of %s pinned by %s", pin, dir, by);
        return entry;
    }

    /**
     * Promotes the running shadow in {@code dir} to primary: its gate report must hash to
     * {@code gateReportSha256}, say PASS and name the shadow's model digest. The candidate is loaded
     * pinned to that digest and its golden vectors checked, as in every swap; the audit line (with the
     * report's and golden vectors' hashes and the primary it replaces) is on disk before it is staged.
     * {@code reason} (optional) says who approved it where the caller is a service, e.g. the worklist
     * adapter forwarding an admin's approval.
     */
    public synchronized Entry promote(String by, Path dir, String gateReportSha256, String reason) {
        String approved = digest(gateReportSha256, "gateReportSha256");
        ModelSlot shadow = models.shadow()
                .orElseThrow(() -> new PromotionRefusedException(
                        Reason.CONFLICT, "no shadow model runs here (osteon.scoring.shadow-model-dir)"));
        OnnxModel running = shadow.active();
        Path shadowDir = running.descriptor().directory();
        if (!shadowDir.equals(dir)) {
            throw new PromotionRefusedException(
                    Reason.CONFLICT,
                    dir + " is not the running shadow model (" + shadowDir + "): swap it in as the shadow,"
                            + " gate it on its shadow scores, then promote it");
        }
        String shadowSha = models.digest(running)
                .orElseThrow(() -> new PromotionRefusedException(
                        Reason.CONFLICT, "the shadow model's digest is unknown; swap it in again as the shadow"));
        GateReport report;
        try {
            report = GateReport.find(dir)
                    .orElseThrow(() -> new PromotionRefusedException(
                            Reason.UNACCEPTABLE, "no gate report " + dir.resolve(GateReport.RELATIVE_PATH)));
        } catch (GateReport.UnreadableException e) {
            throw new PromotionRefusedException(Reason.UNACCEPTABLE, e.getMessage());
        }
        if (!report.sha256().equals(approved)) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE,
                    "gate report " + report.file() + " hashes to " + report.sha256() + ", not the approved " + approved
                            + "; nothing was promoted");
        }
        if (!report.passed()) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE, "gate report decision is " + report.decision() + ", not PASS");
        }
        if (lockedReference.isPresent()
                && !lockedReference.get().equalsIgnoreCase(String.valueOf(report.referenceSha256()))) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE,
                    "gate report judged reference set " + report.referenceSha256() + ", not the locked "
                            + lockedReference.get() + " (osteon.scoring.promotion.locked-reference-sha256)");
        }
        if (!shadowSha.equalsIgnoreCase(String.valueOf(report.candidateModelSha256()))) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE,
                    "gate report judged model " + report.candidateModelSha256() + ", but the shadow in " + dir + " is "
                            + shadowSha);
        }
        ModelFiles files = files(dir);
        if (!files.sha256().equals(shadowSha)) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE,
                    dir + " now hashes to " + files.sha256() + ", not the shadow's " + shadowSha
                            + ": its files changed since it was loaded");
        }
        audit.requireRoom();
        OnnxModel previous = models.primary().active();
        String previousSha = models.digest(previous).orElse(null);
        Entry entry = new Entry(
                now(),
                by,
                Action.promote,
                shadowSha,
                dir.toString(),
                report.sha256(),
                files.sha256ByName().get(GOLDEN),
                previous.descriptor().directory().toString(),
                previousSha,
                reason);
        swap(dir, shadowSha, entry);
        LOG.infof(
                "model %s (digest %s) promoted to primary by %s on gate report %s; previous primary %s",
                dir, shadowSha, by, report.sha256(), entry.previousDir());
        return entry;
    }

    /**
     * Swaps back the primary that the latest promotion still standing replaced, pinned to the digest
     * recorded then. That folder must lie in the models root or be the configured {@code model-dir} or
     * {@code shadow-model-dir} (the audit line is data, and a forged one must not name any folder on the
     * host), and its files must still hash to what ran. Refused (409) when the running primary is not
     * the model that promotion installed: after a restart or a manual swap, rolling back would undo
     * something else.
     */
    public synchronized Entry rollback(String by) {
        Entry promotion = audit.standingPromotion()
                .orElseThrow(() -> new PromotionRefusedException(Reason.CONFLICT, "no promotion to roll back"));
        if (promotion.previousDir() == null || promotion.previousSha256() == null) {
            throw new PromotionRefusedException(
                    Reason.CONFLICT, "the latest promotion recorded no previous model to roll back to");
        }
        OnnxModel current = newestPrimary();
        String currentSha = models.digest(current).orElse(null);
        if (!promotion.modelSha256().equalsIgnoreCase(String.valueOf(currentSha))) {
            throw new PromotionRefusedException(
                    Reason.CONFLICT,
                    "the running primary (digest " + currentSha + ") is not the model the latest promotion installed ("
                            + promotion.modelSha256() + "); nothing was rolled back");
        }
        Path previous = confineRollback(promotion.previousDir());
        audit.requireRoom();
        Entry entry = new Entry(
                now(),
                by,
                Action.rollback,
                promotion.previousSha256(),
                promotion.previousDir(),
                null,
                null,
                current.descriptor().directory().toString(),
                currentSha,
                null);
        swap(previous, promotion.previousSha256(), entry);
        LOG.infof("primary model rolled back by %s to %s (digest %s)", by, entry.dir(), entry.modelSha256());
        return entry;
    }

    /**
     * Why the running primary is not the model the audit says should stand (the last promotion or
     * rollback), or empty when it is, or when no promotion was ever recorded. A restart loads the
     * configured {@code model-dir}, which silently undoes a promotion unless the deployment was changed
     * to match; this says so.
     */
    public Optional<String> standingMismatch() {
        Optional<Entry> last = audit.entries().stream()
                .filter(e -> e.action() == Action.promote || e.action() == Action.rollback)
                .reduce((a, b) -> b);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        OnnxModel primary = newestPrimary();
        String primarySha = models.digest(primary).orElse(null);
        Entry standing = last.get();
        if (standing.modelSha256().equalsIgnoreCase(String.valueOf(primarySha))) {
            return Optional.empty();
        }
        return Optional.of("the model audit's last " + standing.action() + " (" + standing.at() + ") made "
                + standing.dir() + " (digest " + standing.modelSha256() + ") the primary, but the primary running is "
                + primary.descriptor().directory() + " (digest " + primarySha + "): set osteon.scoring.model-dir to"
                + " the promoted folder, or promote or roll back again");
    }

    /** The primary the next batch scores with: the staged one, when a swap waits for that batch. */
    private OnnxModel newestPrimary() {
        ModelSlot slot = models.primary();
        OnnxModel staged = slot.staged();
        return staged != null ? staged : slot.active();
    }

    private Path confineRollback(String recorded) {
        Path dir;
        try {
            dir = Path.of(recorded).toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE,
                    "the previous model folder " + recorded + " cannot be read: " + e.getMessage());
        }
        if (!dir.startsWith(modelsRoot) && !configuredDirs.contains(dir)) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE,
                    "the previous model folder " + recorded + " (" + dir + ") is neither in the models root "
                            + modelsRoot
                            + " nor the configured model-dir or shadow-model-dir; nothing was rolled back");
        }
        return dir;
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private void swap(Path dir, String sha256, Entry entry) {
        try {
            models.swap(ModelRole.PRIMARY, dir, sha256, verified -> audit.append(entry));
        } catch (ModelAudit.FullException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PromotionRefusedException(
                    Reason.UNACCEPTABLE, "model refused, the running one is unchanged: " + e.getMessage());
        }
    }

    private static ModelFiles files(Path dir) {
        try {
            return ModelFiles.read(dir);
        } catch (RuntimeException e) {
            throw new PromotionRefusedException(Reason.UNACCEPTABLE, e.getMessage());
        }
    }

    private static String digest(String value, String field) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new SwapRefusedException(
                    SwapRefusedException.Reason.MALFORMED, field + " must be a SHA-256 in hex (64 digits)");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private String now() {
        return clock.instant().toString();
    }
}
