package org.osteon.scoring.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where scoring spends its time, summed over every image since start: decode and preprocess (on the
 * preparation pool), infer (ORT), cam (writing maps) and produce (sends and transaction commit, per
 * batch). Thread-safe; read by the benchmark.
 */
public final class StageTimings {

    public static final String DECODE = "decode";
    public static final String PREPROCESS = "preprocess";
    public static final String INFER = "infer";
    public static final String CAM = "cam";
    public static final String PRODUCE = "produce";

    private final Map<String, LongAdder> nanos = new LinkedHashMap<>();
    private final LongAdder images = new LongAdder();

    public StageTimings() {
        for (String stage : new String[] {DECODE, PREPROCESS, INFER, CAM, PRODUCE}) {
            nanos.put(stage, new LongAdder());
        }
    }

    void add(String stage, double millis) {
        nanos.get(stage).add((long) (millis * 1e6));
    }

    void countImages(int n) {
        images.add(n);
    }

    /** Total milliseconds per stage. */
    public Map<String, Double> totalMillis() {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.forEach((stage, adder) -> out.put(stage, adder.sum() / 1e6));
        return out;
    }

    /** Images that reached inference. */
    public long images() {
        return images.sum();
    }
}
