package org.osteon.worklist.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.osteon.events.WorklistPriority;

/** Body of PUT /api/worklist/{studyKey}/priority, e.g. {"priority":"STAT","user":"dr.x"}. */
public record PriorityRequest(@NotNull WorklistPriority priority, @NotBlank String user) {
}
