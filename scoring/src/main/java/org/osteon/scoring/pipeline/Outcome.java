package org.osteon.scoring.pipeline;

import org.osteon.events.RadiographScored;

/** What became of one eligible record in a batch: a score, or a reason it could not be scored. */
public sealed interface Outcome {

    record Scored(RadiographScored event) implements Outcome {}

    record Failed(String errorType, String reason) implements Outcome {}
}
