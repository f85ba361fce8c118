package org.osteon.worklist.rest;

import jakarta.validation.constraints.NotNull;
import org.osteon.events.WorklistPriority;

/**
 * Body of PUT /api/worklist/{studyKey}/priority, e.g. {"priority":"STAT"}. Who set it is the signed-in
 * user, never a name in the body: the audit trail must not take a caller's word for it.
 */
public record PriorityRequest(@NotNull WorklistPriority priority) {}
