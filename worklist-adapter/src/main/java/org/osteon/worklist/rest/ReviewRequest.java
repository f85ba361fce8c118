package org.osteon.worklist.rest;

import jakarta.validation.constraints.NotBlank;

/** Body of POST /api/worklist/{studyKey}/review, e.g. {"user":"dr.x","note":"benign, no action"}. */
public record ReviewRequest(@NotBlank String user, String note) {
}
