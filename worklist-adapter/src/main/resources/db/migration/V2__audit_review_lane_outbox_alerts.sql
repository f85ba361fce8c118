-- Issue 6: the append-only audit trail, the review lane, the write-back outbox and alerts.
-- Design: docs/worklist.md.

-- V1's priority_history becomes the audit trail, keeping its rows: who or what (source, changed_by)
-- changed what (action, priorities), when (changed_at) and why (reason), once per change_key.
ALTER TABLE priority_history RENAME TO audit_trail;
ALTER TABLE audit_trail ALTER COLUMN previous_priority DROP NOT NULL;
ALTER TABLE audit_trail ALTER COLUMN new_priority DROP NOT NULL;
ALTER TABLE audit_trail DROP CONSTRAINT priority_history_source_check;
ALTER TABLE audit_trail ADD CONSTRAINT audit_trail_source_check
    CHECK (source IN ('MODEL', 'HUMAN', 'WAIT_CAP', 'WRITEBACK'));
ALTER TABLE audit_trail ADD COLUMN action TEXT NOT NULL DEFAULT 'PRIORITY_CHANGED';
ALTER TABLE audit_trail ALTER COLUMN action DROP DEFAULT;
ALTER TABLE audit_trail ADD COLUMN reason TEXT;
-- The idempotence key of the change; a replayed change finds its key taken and does nothing.
ALTER TABLE audit_trail ADD COLUMN change_key TEXT UNIQUE;
CREATE INDEX audit_trail_study ON audit_trail (study_key, id);

-- Append-only in the database itself, not by convention: no application bug can rewrite history.
CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_trail is append-only (% refused)', TG_OP;
END
$$;
CREATE TRIGGER audit_trail_no_rewrite BEFORE UPDATE OR DELETE ON audit_trail
    FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only();
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail
    FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only();

ALTER TABLE worklist_row DROP CONSTRAINT worklist_row_priority_source_check;
ALTER TABLE worklist_row ADD CONSTRAINT worklist_row_priority_source_check
    CHECK (priority_source IN ('DEFAULT', 'MODEL', 'HUMAN', 'WAIT_CAP'));
-- Review lane: the deadline is set when the study is first flagged; reviewed_* when a person is done.
ALTER TABLE worklist_row ADD COLUMN review_due_at TIMESTAMPTZ;
ALTER TABLE worklist_row ADD COLUMN reviewed_by TEXT;
ALTER TABLE worklist_row ADD COLUMN reviewed_at TIMESTAMPTZ;

-- Alerts raised by a decision, once per decision event; the PHI stays in worklist_row.
CREATE TABLE alert (
    id                    TEXT PRIMARY KEY,
    study_key             TEXT        NOT NULL REFERENCES worklist_row (study_key),
    decision_event_id     TEXT        NOT NULL UNIQUE,
    decision              TEXT        NOT NULL,
    reason                TEXT        NOT NULL,
    malignant_probability DOUBLE PRECISION,
    uncertainty           DOUBLE PRECISION,
    model_version         TEXT,
    provenance            TEXT        NOT NULL,
    raised_at             TIMESTAMPTZ NOT NULL
);

CREATE TABLE alert_subscription (
    id         TEXT PRIMARY KEY,
    kind       TEXT        NOT NULL CHECK (kind IN ('sse', 'webhook')),
    url        TEXT,
    -- The subscriber's HMAC key for webhook signatures; never returned by the API.
    secret     TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    CHECK (kind = 'sse' OR (url IS NOT NULL AND secret IS NOT NULL))
);

-- Outbox of everything sent to peers outside the adapter (RIS, PACS, webhooks), written in the same
-- transaction as the change, drained by WritebackDispatcher. id is the idempotence key sent along.
CREATE TABLE writeback_outbox (
    id              TEXT PRIMARY KEY,
    seq             BIGSERIAL   NOT NULL UNIQUE,
    study_key       TEXT        NOT NULL REFERENCES worklist_row (study_key),
    -- hl7, fhir, ups, or webhook:<subscription id>
    target          TEXT        NOT NULL,
    priority        TEXT        CHECK (priority IN ('ROUTINE', 'URGENT', 'STAT')),
    alert_id        TEXT        REFERENCES alert (id),
    status          TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACKED', 'DEAD')),
    attempts        INT         NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    CHECK (priority IS NOT NULL OR alert_id IS NOT NULL)
);
CREATE INDEX writeback_outbox_pending ON writeback_outbox (study_key, target, seq) WHERE status = 'PENDING';
