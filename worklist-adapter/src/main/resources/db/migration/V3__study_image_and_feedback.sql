-- Issue 6 item 5: the reading-room page shows the image the AI decided on, and readers judge the call.

-- Where the de-identified image and its class-activation map lie in the research store, for the
-- decision that set the study's outcome (written with the outcome, so the two always agree).
ALTER TABLE worklist_row ADD COLUMN site TEXT;
ALTER TABLE worklist_row ADD COLUMN object_uri TEXT;
ALTER TABLE worklist_row ADD COLUMN cam_uri TEXT;
ALTER TABLE worklist_row ADD COLUMN cam_height INT;
ALTER TABLE worklist_row ADD COLUMN cam_width INT;

-- A reader's verdict on the AI decision, once per study and reader: what they saw is stored with it,
-- so a retried request republishes the same triage-feedback-v1 event (same event id).
CREATE TABLE triage_feedback (
    event_id              TEXT PRIMARY KEY,
    study_key             TEXT        NOT NULL REFERENCES worklist_row (study_key),
    reader                TEXT        NOT NULL,
    verdict               TEXT        NOT NULL CHECK (verdict IN ('CONFIRM', 'REJECT')),
    ai_decision           TEXT        NOT NULL,
    malignant_probability DOUBLE PRECISION,
    uncertainty           DOUBLE PRECISION,
    model_version         TEXT,
    site                  TEXT,
    comment               TEXT,
    provenance            TEXT        NOT NULL,
    recorded_at           TIMESTAMPTZ NOT NULL,
    UNIQUE (study_key, reader)
);
