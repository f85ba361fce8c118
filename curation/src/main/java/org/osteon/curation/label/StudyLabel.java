package org.osteon.curation.label;

import java.time.Instant;

/**
 * The label a study gets in a dataset.
 *
 * @param source {@code diagnosis:<source>} (e.g. {@code diagnosis:pathology}) or {@code feedback}
 * @param recordedAt when the event that gave the label was recorded
 */
public record StudyLabel(Label label, String source, Instant recordedAt) {}
