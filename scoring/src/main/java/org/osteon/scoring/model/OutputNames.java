package org.osteon.scoring.model;

/** ONNX output names for each role the post-processing reads, from model.json {@code outputs}. */
public record OutputNames(String probs, String spread, String uncertainty, String cam) {}
