package org.osteon.scoring.model;

/** Where the weights came from, from model.json {@code training}; reported, never interpreted. */
public record TrainingInfo(String commit, String dataHash, String dataset, Long seed, Integer epochs) {}
