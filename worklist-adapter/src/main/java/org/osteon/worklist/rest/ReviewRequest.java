package org.osteon.worklist.rest;

import jakarta.validation.constraints.Size;

/**
 * Body of POST /api/worklist/{studyKey}/review, e.g. {"note":"benign, no action"}. The reviewer is
 * the signed-in user.
 */
public record ReviewRequest(@Size(max = 2000) String note) {}
