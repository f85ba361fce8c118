package org.osteon.scoring.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osteon.scoring.model.ClinicalInput;

class ClinicalFeaturesTest {

    @Test
    void shouldEncodeAgeAndSexAsTrainingDoesInModelJsonOrder() {
        ClinicalFeatures f = new ClinicalFeatures(new ClinicalInput("clinical", List.of("sex_male", "age_years/100")));
        FloatBuffer batch = f.allocateBatch(3);
        f.encodeInto(42, "M", batch, 0);
        f.encodeInto(7, "F", batch, 1);
        f.encodeInto(null, null, batch, 2);
        float[] all = new float[6];
        batch.get(0, all);
        assertThat(all).containsExactly(1f, 0.42f, 0f, 0.07f, 0f, 0f);
    }
}
