package org.osteon.scoring.model;

/**
 * The {@code thresholds} block of model.json. Scoring never applies them; it stamps them on every
 * result so the gate decides with the thresholds of the model that produced the score.
 *
 * @param alpha                target false-negative rate the escalate threshold controls
 * @param escalateMalignant    malignant probability at or above which a study is escalated
 * @param reviewUncertainty    uncertainty at or above which a study goes to human review
 */
public record Thresholds(double alpha, double escalateMalignant, double reviewUncertainty) {}
