-- Issue 20 item 5: webhook signing secrets are encrypted at rest (AES-256-GCM, key from
-- osteon.alerts.secret-encryption-key; store/WebhookSecrets). The key lives in configuration, not in
-- the database, so this migration cannot encrypt: it adds the column, and the adapter encrypts every
-- secret still in plain text at start-up and clears it (start-up fails if it cannot).

-- version byte 1 || 12-byte nonce || ciphertext and tag; the subscription id is the associated data,
-- so a sealed secret copied onto another subscription does not open.
ALTER TABLE alert_subscription ADD COLUMN secret_sealed BYTEA;

-- A webhook needs its secret in one form or the other, never both.
ALTER TABLE alert_subscription DROP CONSTRAINT alert_subscription_check;
ALTER TABLE alert_subscription ADD CONSTRAINT alert_subscription_webhook_secret CHECK (
    kind = 'sse'
    OR (url IS NOT NULL AND (secret IS NOT NULL) <> (secret_sealed IS NOT NULL)));

COMMENT ON COLUMN alert_subscription.secret IS
    'plain-text webhook secret written before V5; emptied into secret_sealed at start-up';
