-- Attempts of POST /api/internal/webhooks/test belong to no webhook.
ALTER TABLE attempts ALTER COLUMN webhook_cuid DROP NOT NULL;
