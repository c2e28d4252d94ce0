-- Secret rotation (API.md "Secret rotation"): the secret a rotation replaced keeps signing beside
-- the new one until previous_secret_expires_at. Kept in clear like secret, because it keys the HMAC
-- signatures; no API response contains it. Both null when there is none.
ALTER TABLE webhooks
  ADD COLUMN previous_secret            text,
  ADD COLUMN previous_secret_expires_at timestamptz;

-- Recovery (API.md "Recovering failed deliveries"): a webhook's failed deliveries by creation time.
-- Failed rows are few next to the rest, so the index stays small.
CREATE INDEX deliveries_webhook_failed ON deliveries (webhook_cuid, created_at) WHERE status = 'failed';
