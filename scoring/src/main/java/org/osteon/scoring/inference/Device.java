package org.osteon.scoring.inference;

/** Where the graph runs ({@code osteon.scoring.device}). */
public enum Device {
    /** ONNX Runtime's CPU execution provider: the default, so one build runs anywhere. */
    CPU,
    /**
     * The CUDA execution provider (needs the {@code -Pgpu} build with {@code onnxruntime_gpu}, CUDA 12 and
     * cuDNN 9). Start-up fails when it cannot be loaded unless CPU fallback is allowed.
     */
    CUDA
}
