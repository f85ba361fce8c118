package org.osteon.scoring.preprocess;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.osteon.scoring.model.ClinicalInput;

/**
 * Encodes the optional clinical input exactly as training does
 * ({@code training/osteon_training/train.py: clinical_tensor}): age in years / 100 with an unknown
 * age as 0, and sex_male 1 for "M" and 0 for anything else, unknown included.
 */
public final class ClinicalFeatures {

    private final List<String> features;

    public ClinicalFeatures(ClinicalInput input) {
        this.features = input.features();
    }

    public int width() {
        return features.size();
    }

    public FloatBuffer allocateBatch(int n) {
        return ByteBuffer.allocateDirect(n * width() * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** Writes row {@code index}: one value per feature, in model.json order. */
    public void encodeInto(Integer ageYears, String sex, FloatBuffer batch, int index) {
        for (int j = 0; j < features.size(); j++) {
            batch.put(index * width() + j, value(features.get(j), ageYears, sex));
        }
    }

    static float value(String feature, Integer ageYears, String sex) {
        return switch (feature) {
            case ClinicalInput.AGE_YEARS_OVER_100 -> ageYears == null ? 0f : (float) (ageYears / 100.0);
            case ClinicalInput.SEX_MALE ->
                sex != null && sex.trim().toUpperCase().startsWith("M") ? 1f : 0f;
            default -> throw new IllegalArgumentException("unknown clinical feature " + feature);
        };
    }
}
