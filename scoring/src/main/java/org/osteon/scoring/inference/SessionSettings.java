package org.osteon.scoring.inference;

import java.util.OptionalLong;

/**
 * How to open an ONNX Runtime session: the device, whether CPU may stand in for CUDA, and the tuning
 * knobs. A plain value so tests and the benchmark open sessions exactly as the service does.
 *
 * @param intraOpSpinning   whether ORT's intra-op threads busy-wait for work between operators
 * @param optimizationLevel one of ORT's {@code NO_OPT}, {@code BASIC_OPT}, {@code EXTENDED_OPT}, {@code ALL_OPT}
 * @param cudnnConvAlgoSearch {@code EXHAUSTIVE}, {@code HEURISTIC} or {@code DEFAULT}
 * @param arenaExtendStrategy {@code kNextPowerOfTwo} or {@code kSameAsRequested}
 */
public record SessionSettings(
        Device device,
        boolean allowCpuFallback,
        int intraOpThreads,
        boolean intraOpSpinning,
        String optimizationLevel,
        int cudaDeviceId,
        String cudnnConvAlgoSearch,
        String arenaExtendStrategy,
        OptionalLong gpuMemLimitBytes) {

    /** CPU with ORT's full graph optimisation: what the tests use. */
    public static SessionSettings cpu(int intraOpThreads) {
        return new SessionSettings(
                Device.CPU,
                false,
                intraOpThreads,
                false,
                "ALL_OPT",
                0,
                "HEURISTIC",
                "kNextPowerOfTwo",
                OptionalLong.empty());
    }
}
