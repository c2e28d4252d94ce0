-- API tokens get what the token API shows (API.md "Second round / Tokens"): a cuid to name one by
-- (revoke), the token's first characters (prefix, e.g. hr_AbC1) to tell them apart, and when it
-- was last used. The token itself is still never stored, only its hash.

ALTER TABLE tokens ADD COLUMN cuid text COLLATE "C";
ALTER TABLE tokens ADD COLUMN prefix text;
ALTER TABLE tokens ADD COLUMN last_used_at timestamptz;

-- Tokens minted before this version: a random cuid of the usual form ('c' + 24 lowercase hex);
-- their prefix is unknown (only the hash was kept) and stays NULL.
UPDATE tokens SET cuid = 'c' || substr(md5(random()::text || hash), 1, 24) WHERE cuid IS NULL;

ALTER TABLE tokens ALTER COLUMN cuid SET NOT NULL;
CREATE UNIQUE INDEX tokens_cuid ON tokens (cuid);
-- TenantStore.tokens: a tenant's tokens, oldest first.
CREATE INDEX tokens_tenant ON tokens (tenant_cuid, created_at, cuid);
