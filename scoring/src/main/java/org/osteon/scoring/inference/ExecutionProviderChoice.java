package org.osteon.scoring.inference;

/** Which ONNX Runtime execution provider to ask for ({@code osteon.scoring.execution-provider}). */
public enum ExecutionProviderChoice {
    /** CUDA when it can be loaded, else CPU with a warning: the default, so one build runs anywhere. */
    AUTO,
    /** CPU only. */
    CPU,
    /** CUDA or nothing: start-up fails when CUDA cannot be loaded, so a GPU deployment never runs slow by accident. */
    CUDA
}
