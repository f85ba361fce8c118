-- Issue 24: an admin's approval of a model promotion on the page (rest/ModelPromotionResource): who,
-- when, which model folder and which gate report (SHA-256), written before it is forwarded to
-- scoring; scoring's answer is filled in once, after. Scoring keeps its own audit of what it did.
CREATE TABLE model_approval (
    id                 BIGSERIAL PRIMARY KEY,
    approved_by        TEXT        NOT NULL CHECK (length(approved_by) <= 200),
    approved_at        TIMESTAMPTZ NOT NULL,
    model_dir          TEXT        NOT NULL CHECK (length(model_dir) <= 1024),
    gate_report_sha256 TEXT        NOT NULL CHECK (gate_report_sha256 ~ '^[0-9a-f]{64}$'),
    scoring_status     INTEGER,
    scoring_answer     TEXT        CHECK (length(scoring_answer) <= 2000),
    answered_at        TIMESTAMPTZ
);

-- Append-only but for the answer, which is written once: an approval is never rewritten or removed.
CREATE FUNCTION model_approval_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.answered_at IS NULL AND NEW.answered_at IS NOT NULL
                AND NEW.approved_by = OLD.approved_by AND NEW.approved_at = OLD.approved_at
                AND NEW.model_dir = OLD.model_dir AND NEW.gate_report_sha256 = OLD.gate_report_sha256 THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'model_approval is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER model_approval_no_rewrite BEFORE UPDATE OR DELETE ON model_approval
    FOR EACH ROW EXECUTE FUNCTION model_approval_append_only();
CREATE TRIGGER model_approval_no_truncate BEFORE TRUNCATE ON model_approval
    FOR EACH STATEMENT EXECUTE FUNCTION model_approval_append_only();
