package org.osteon.worklist.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.osteon.events.FeedbackVerdict;

/**
 * Body of POST /api/worklist/{studyKey}/feedback, e.g. {"verdict":"CONFIRM","comment":"typical
 * osteosarcoma pattern"}. The reader is the signed-in user; the comment must not name the patient.
 */
public record FeedbackRequest(
        @NotNull FeedbackVerdict verdict, @Size(max = 1000) String comment) {}
