package org.osteon.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;
import java.util.Set;
import org.osteon.scoring.inference.Device;

/** Every setting the scoring service defines. Values are validated at start-up; a bad one stops the app. */
@ConfigMapping(prefix = "osteon.scoring")
public interface ScoringConfig {

    /**
     * Folder holding {@code model.json} and the ONNX file it names (env {@code OSTEON_SCORING_MODEL_DIR}).
     * The default is the committed model, relative to the scoring module folder.
     */
    @WithDefault("../models/default")
    @NotBlank
    String modelDir();

    /**
     * Where the graph runs: {@code cpu} (default) or {@code cuda} (the CUDA execution provider; needs the
     * {@code -Pgpu} build, CUDA 12 and cuDNN 9). With {@code cuda}, start-up fails when CUDA cannot be
     * loaded unless {@link #allowCpuFallback()}.
     */
    @WithDefault("cpu")
    Device device();

    /**
     * With {@code device=cuda}: run on CPU, with a warning in the log and {@code CPU} on every event and
     * in the health check, when CUDA cannot be loaded. Off by default, so a GPU deployment never runs
     * slowly by accident.
     */
    @WithDefault("false")
    boolean allowCpuFallback();

    /** Most eligible images scored in one batched inference. */
    @WithDefault("8")
    @Min(1)
    @Max(256)
    int maxBatch();

    /**
     * Longest wait, in milliseconds after the first record of a batch arrived, for more records to fill
     * the batch. 0 scores whatever one poll returned.
     */
    @WithDefault("10")
    @Min(0)
    @Max(1000)
    int maxBatchWaitMs();

    /**
     * Batches polled but not yet committed, including the one on ONNX Runtime. When this many are open
     * the consumer pauses its partitions until the oldest commits: memory stays bounded by this times
     * {@link #maxBatch()} images.
     */
    @WithDefault("4")
    @Min(1)
    @Max(16)
    int maxInFlightBatches();

    /**
     * Longest time, in milliseconds, a finished batch waits so that batches finishing after it share its
     * transaction. Every transaction costs the broker the same few requests and markers however many
     * scores it holds, so under a burst fewer, larger commits leave more CPU to inference. A batch never
     * waits when nothing else is open, nor while finished batches hold the slots the inference workers
     * need next. 0 commits each batch as soon as it is done.
     */
    @WithDefault("100")
    @Min(0)
    @Max(5000)
    int commitIntervalMs();

    /**
     * Threads that read DICOM objects and preprocess them, a chunk of each batch per thread, off the
     * inference workers; the same pool writes the CAM files and builds the events after inference.
     */
    @WithDefault("2")
    @Min(1)
    @Max(64)
    int preprocessThreads();

    /**
     * Batches on ONNX Runtime at once, each on its own worker thread; they still commit in poll order.
     * On a CPU node, throughput is best with {@code inference-workers} equal to the cores and
     * {@code intra-op-threads=1}: one thread per run needs no barrier between ORT's threads, so a
     * preparation or Kafka thread taking a core delays one run instead of stalling every operator of
     * both (docs/scoring.md). Keep {@link #maxInFlightBatches()} above this, or a worker idles while
     * the next batch is read. With CUDA, 1 or 2.
     */
    @WithDefault("2")
    @Min(1)
    @Max(16)
    int inferenceWorkers();

    /** ONNX Runtime intra-op threads for one inference (see {@link #inferenceWorkers()}). */
    @WithDefault("1")
    @Min(1)
    @Max(64)
    int intraOpThreads();

    /**
     * Let ONNX Runtime's intra-op threads busy-wait for work between operators (ORT's own default). Off
     * here: in the service the preparation pool needs those cores between inferences, and spinning
     * threads take them; turn it on where inference has cores of its own.
     */
    @WithDefault("false")
    boolean intraOpSpinning();

    /** ONNX Runtime graph optimisation level: {@code NO_OPT}, {@code BASIC_OPT}, {@code EXTENDED_OPT} or {@code ALL_OPT}. */
    @WithDefault("ALL_OPT")
    @Pattern(regexp = "NO_OPT|BASIC_OPT|EXTENDED_OPT|ALL_OPT")
    String graphOptimizationLevel();

    /** CUDA execution provider options; read only with {@code device=cuda}. */
    Cuda cuda();

    /** Options of ONNX Runtime's CUDA execution provider. */
    interface Cuda {

        /** CUDA device ordinal. */
        @WithDefault("0")
        @Min(0)
        @Max(64)
        int deviceId();

        /**
         * cuDNN convolution algorithm search: {@code EXHAUSTIVE} (ORT's default: benchmark every algorithm
         * for each new input shape), {@code HEURISTIC} or {@code DEFAULT}. HEURISTIC here because
         * micro-batches come in many sizes and an exhaustive search stalls the first batch of each.
         */
        @WithDefault("HEURISTIC")
        @Pattern(regexp = "EXHAUSTIVE|HEURISTIC|DEFAULT")
        String cudnnConvAlgoSearch();

        /** How the CUDA memory arena grows: {@code kNextPowerOfTwo} or {@code kSameAsRequested}. */
        @WithDefault("kNextPowerOfTwo")
        @Pattern(regexp = "kNextPowerOfTwo|kSameAsRequested")
        String arenaExtendStrategy();

        /** Upper bound of the CUDA arena in MiB; unset leaves it to ONNX Runtime (the whole device). */
        Optional<@Min(1) Long> gpuMemLimitMb();
    }

    /**
     * Folder of a shadow model, scored on every batch beside the primary model and published only to
     * {@code radiograph-scored-shadow-v1}, never read by the gate. Unset: no shadow model.
     */
    // Not @NotBlank: on an unset Optional the validator sees null and would refuse it.
    Optional<@Pattern(regexp = ".*\\S.*", message = "must not be blank") String> shadowModelDir();

    /**
     * Write each image's class-activation map beside its de-identified object and reference it in the
     * event ({@code camUri}). Needs write access to the research store.
     */
    @WithDefault("true")
    boolean writeCam();

    /**
     * Accept {@code POST /api/model/swap}, which loads a model folder named in the request, checks its
     * model digest against {@link #modelSwapPinnedSha256()} and its golden vectors, and hot-swaps it in.
     * The endpoint needs the {@code admin} role (from a bearer JWT, or a client certificate mapped to
     * it; docs/security.md) and a folder inside {@link #modelsRoot()}; with this on, start-up fails
     * unless both that root and at least one pinned digest are set. Off by default: it loads files
     * named by a caller, so turn it on only for a planned swap.
     */
    @WithDefault("false")
    boolean modelSwapEnabled();

    /**
     * The only folder swap candidates may come from (env {@code OSTEON_SCORING_MODELS_ROOT}): a request's
     * folder, absolute or relative to this root, must resolve, links followed, to a directory below it.
     * Read only with {@link #modelSwapEnabled()}, and then required; it must be an existing directory.
     * No default, so that turning swap on never opens a folder nobody chose (the parent of
     * {@link #modelDir()}, for instance, is often the whole image).
     */
    // Not @NotBlank: on an unset Optional the validator sees null and would refuse it.
    Optional<@Pattern(regexp = ".*\\S.*", message = "must not be blank") String> modelsRoot();

    /**
     * Model digests a swap may load (env {@code OSTEON_SCORING_MODEL_SWAP_PINNED_SHA256}, comma-separated):
     * each the SHA-256 of a candidate folder's manifest of {@code model.json}, its graph file,
     * {@code golden/golden.json} and the golden cases ({@code org.osteon.scoring.model.ModelFiles},
     * docs/scoring.md), computed by whoever approved the model, never read from the folder. A request
     * names one of these, or one an admin pinned at run time ({@code POST /api/model/pins}, kept in the
     * model audit), in {@code pinnedSha256}, and the candidate's files must hash to it. Read only
     * with {@link #modelSwapEnabled()}, and then at least one is required.
     */
    @WithName("model-swap-pinned-sha256")
    Optional<Set<@Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a SHA-256 in hex (64 digits)") String>>
            modelSwapPinnedSha256();

    /**
     * The most lines the model audit ({@code <models-root>/.osteon-pins.jsonl}: run-time pins,
     * promotions, rollbacks; docs/scoring.md) may hold, each at most 4 KiB. Past it, start-up fails and
     * every pin, promotion and rollback is refused until an operator archives the file. Read only with
     * {@link #modelSwapEnabled()}.
     */
    @WithDefault("10000")
    @Min(1)
    int modelAuditMaxLines();

    /**
     * The content hash of the locked reference set every promotion must have been judged on (env
     * {@code OSTEON_SCORING_PROMOTION_LOCKED_REFERENCE_SHA256}): when set, {@code POST
     * /api/model/promote} refuses (422) a gate report whose {@code inputs.reference.content_sha256} is
     * another, so a PASS on an easier or edited reference set cannot promote. Unset, any reference set
     * is taken (docs/security.md). Read only with {@link #modelSwapEnabled()}.
     */
    @WithName("promotion.locked-reference-sha256")
    Optional<@Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a SHA-256 in hex (64 digits)") String>
            promotionLockedReferenceSha256();

    /**
     * Prefix of the Kafka {@code transactional.id}; the instance id is appended, so each running
     * instance has its own stable id and a restarted instance fences its previous incarnation.
     */
    @WithDefault("osteon-scoring")
    @NotBlank
    String transactionalId();

    /**
     * Identity of this instance within the transactional id; defaults to the host name. Letters,
     * digits, dot, dash and underscore only. (Not {@code @NotBlank}: on an unset Optional the
     * validator sees null and would refuse the default.)
     */
    Optional<@Pattern(regexp = "[A-Za-z0-9._-]+") String> instanceId();
}
