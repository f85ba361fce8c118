-- Worklist store of the PHI zone. One row per study, keyed by the study pseudonym (studyKey), so
-- RadiographReceived (PHI) and TriageDecision (pseudonymous) meet in either order.

CREATE TABLE worklist_row (
    study_key             TEXT PRIMARY KEY,
    -- PHI, filled once phi-radiograph-received-v1 arrives; null while only a decision is known.
    accession_number      TEXT,
    patient_name          TEXT,
    patient_id            TEXT,
    modality              TEXT,
    phi_received_at       TIMESTAMPTZ,
    priority              TEXT        NOT NULL DEFAULT 'ROUTINE' CHECK (priority IN ('ROUTINE', 'URGENT', 'STAT')),
    priority_source       TEXT        NOT NULL DEFAULT 'DEFAULT' CHECK (priority_source IN ('DEFAULT', 'MODEL', 'HUMAN')),
    -- The study outcome: the most severe decision applied, with that decision's details.
    decision              TEXT        CHECK (decision IN ('ESCALATE', 'REVIEW', 'ROUTINE', 'NOT_SCORED')),
    needs_review          BOOLEAN     NOT NULL DEFAULT FALSE,
    reason                TEXT,
    malignant_probability DOUBLE PRECISION,
    uncertainty           DOUBLE PRECISION,
    model_version         TEXT,
    provenance            TEXT,
    decision_received_at  TIMESTAMPTZ,
    -- Latency of the first committed outcome: commit time minus that decision's gateway receipt.
    first_outcome_at      TIMESTAMPTZ,
    first_latency_ms      BIGINT,
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);


-- Every applied decision, once: the unique event id makes redelivery idempotent, and the stored
-- outcome lets a redelivered decision republish the same WorklistPriorityChanged (same event id).
CREATE TABLE applied_decision (
    event_id             TEXT PRIMARY KEY,
    study_key            TEXT        NOT NULL REFERENCES worklist_row (study_key),
    instance_key         TEXT,
    decision             TEXT        NOT NULL,
    reason               TEXT        NOT NULL,
    model_version        TEXT,
    provenance           TEXT        NOT NULL,
    received_at          TIMESTAMPTZ NOT NULL,
    committed_at         TIMESTAMPTZ NOT NULL,
    previous_priority    TEXT        NOT NULL,
    new_priority         TEXT        NOT NULL,
    needs_review         BOOLEAN     NOT NULL,
    out_event_id         TEXT        NOT NULL UNIQUE
);

CREATE INDEX applied_decision_study ON applied_decision (study_key);

-- Received images, once per event id, so a redelivered RadiographReceived is a no-op.
CREATE TABLE received_image (
    event_id    TEXT PRIMARY KEY,
    study_key   TEXT        NOT NULL REFERENCES worklist_row (study_key),
    received_at TIMESTAMPTZ NOT NULL
);

-- Every priority change, with who made it.
CREATE TABLE priority_history (
    id                BIGSERIAL PRIMARY KEY,
    study_key         TEXT        NOT NULL REFERENCES worklist_row (study_key),
    previous_priority TEXT        NOT NULL,
    new_priority      TEXT        NOT NULL,
    source            TEXT        NOT NULL CHECK (source IN ('MODEL', 'HUMAN')),
    changed_by        TEXT        NOT NULL,
    decision_event_id TEXT,
    changed_at        TIMESTAMPTZ NOT NULL
);
