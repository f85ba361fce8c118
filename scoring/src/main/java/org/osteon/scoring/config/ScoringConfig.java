package org.osteon.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;
import org.osteon.scoring.inference.ExecutionProviderChoice;

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
     * ONNX Runtime execution provider: {@code auto} (CUDA if it loads, else CPU with a warning),
     * {@code cpu}, or {@code cuda} (start-up fails when CUDA cannot be loaded).
     */
    @WithDefault("auto")
    ExecutionProviderChoice executionProvider();

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

    /** ONNX Runtime intra-op threads for one inference. */
    @WithDefault("2")
    @Min(1)
    @Max(64)
    int intraOpThreads();

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
