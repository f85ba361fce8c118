package org.osteon.scoring.model;

import java.util.List;

/**
 * The optional second model input: a {@code [N, F]} float tensor of clinical features, in the order
 * model.json lists them.
 *
 * @param name     ONNX input name
 * @param features feature expressions, each one of {@link #AGE_YEARS_OVER_100} or {@link #SEX_MALE}
 */
public record ClinicalInput(String name, List<String> features) {

    /** Patient age in years divided by 100. */
    public static final String AGE_YEARS_OVER_100 = "age_years/100";
    /** 1 for a male patient, else 0. */
    public static final String SEX_MALE = "sex_male";

    static final List<String> KNOWN = List.of(AGE_YEARS_OVER_100, SEX_MALE);
}
