-- Which replica may send write-backs and run the wait-cap sweep. A holder renews its row before
-- expires_at; another replica takes it over only once it has expired, and each takeover increments
-- token, the fencing token that every outbox outcome is recorded under (docs/worklist.md#high-availability).
CREATE TABLE dispatch_lease (
    name        TEXT PRIMARY KEY,
    holder      TEXT,
    token       BIGINT      NOT NULL,
    acquired_at TIMESTAMPTZ,
    expires_at  TIMESTAMPTZ NOT NULL
);
INSERT INTO dispatch_lease (name, holder, token, expires_at) VALUES ('writeback', NULL, 0, '-infinity');

-- The fencing token of the dispatcher that recorded the row's last outcome.
ALTER TABLE writeback_outbox ADD COLUMN fencing_token BIGINT;
