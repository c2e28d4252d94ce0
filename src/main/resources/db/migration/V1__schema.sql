-- hookrelay schema, version 1. Forward-only: later changes go into V2__…, never into this file.
--
-- Every cuid column uses the "C" collation: cuids are ASCII, compare byte-wise (as Java's
-- String.compareTo does) and index more cheaply than under a locale.
-- Tenants are referenced by cuid without foreign keys, as in the memory store: the API checks that
-- a tenant exists before it writes anything for it.

CREATE TABLE tenants (
  cuid             text COLLATE "C" PRIMARY KEY,
  name             text        NOT NULL,
  webhooks_enabled boolean     NOT NULL,
  created_at       timestamptz NOT NULL
);

-- API tokens, only as the hex SHA-256 of the token.
CREATE TABLE tokens (
  hash        text COLLATE "C" PRIMARY KEY,
  tenant_cuid text COLLATE "C" NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The secret is kept in clear because it keys the HMAC signatures; no API response contains it.
-- consecutive_failures counts deliveries that exhausted their retries in a row (auto-disable).
CREATE TABLE webhooks (
  cuid                 text COLLATE "C" PRIMARY KEY,
  tenant_cuid          text COLLATE "C" NOT NULL,
  client_cuids         text[]      NOT NULL,
  name                 text        NOT NULL,
  url                  text        NOT NULL,
  ssl_verification     boolean     NOT NULL,
  events               text[]      NOT NULL,
  enabled              boolean     NOT NULL,
  secret               text,
  disabled_reason      text,
  consecutive_failures integer     NOT NULL DEFAULT 0,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL
);
-- WebhookStore.list: a tenant's webhooks, newest first.
CREATE INDEX webhooks_tenant_newest ON webhooks (tenant_cuid, created_at DESC, cuid DESC);

-- deliveries is how many deliveries the fan-out made: a replayed idempotency key answers with it
-- even after retention has removed the delivery rows.
CREATE TABLE events (
  cuid            text COLLATE "C" PRIMARY KEY,
  tenant_cuid     text COLLATE "C" NOT NULL,
  idempotency_key text,
  event           text        NOT NULL,
  client_cuid     text,
  body            bytea       NOT NULL,
  deliveries      integer     NOT NULL,
  created_at      timestamptz NOT NULL
);
-- The producer's id is unique per tenant; INSERT … ON CONFLICT on this index makes replays race-safe.
CREATE UNIQUE INDEX events_idempotency ON events (tenant_cuid, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Retention: events left without deliveries.
CREATE INDEX events_created ON events (created_at);

-- The queue. A row is claimed by setting locked_by/locked_until (the lease); neither column is
-- indexed, so a claim can be a HOT update. id gives insertion order among rows due at the same time.
CREATE TABLE deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cuid            text COLLATE "C" NOT NULL UNIQUE,
  tenant_cuid     text COLLATE "C" NOT NULL,
  event_cuid      text COLLATE "C" NOT NULL REFERENCES events (cuid),
  webhook_cuid    text COLLATE "C" NOT NULL,
  event           text        NOT NULL,
  status          text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'cancelled')),
  attempts        integer     NOT NULL,
  max_attempts    integer     NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  locked_until    timestamptz,
  locked_by       text,
  created_at      timestamptz NOT NULL
) WITH (fillfactor = 80);
-- DeliveryQueue.claim: pending rows by due time (also pendingCount and release).
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
-- cancelForWebhook, webhook delete and auto-disable.
CREATE INDEX deliveries_webhook_pending ON deliveries (webhook_cuid) WHERE status = 'pending';
-- The foreign key, and retention asking whether an event is still used.
CREATE INDEX deliveries_event ON deliveries (event_cuid);
-- Retention: finished deliveries, oldest first.
CREATE INDEX deliveries_finished ON deliveries (created_at) WHERE status <> 'pending';

-- The delivery log. No foreign keys: the log outlives deleted webhooks and purged deliveries.
CREATE TABLE attempts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  cuid             text COLLATE "C" NOT NULL,
  delivery_cuid    text COLLATE "C" NOT NULL,
  webhook_cuid     text COLLATE "C" NOT NULL,
  tenant_cuid      text COLLATE "C" NOT NULL,
  event_cuid       text COLLATE "C" NOT NULL,
  event            text        NOT NULL,
  url              text        NOT NULL,
  attempt          integer     NOT NULL,
  status           text        NOT NULL CHECK (status IN ('succeeded', 'failed', 'retrying')),
  status_code      integer,
  duration_ms      bigint      NOT NULL,
  error            text,
  response_snippet text,
  created_at       timestamptz NOT NULL
);
-- AttemptLog.list: newest first by tenant, or by webhook.
CREATE INDEX attempts_tenant_newest ON attempts (tenant_cuid, created_at DESC, id DESC);
CREATE INDEX attempts_webhook_newest ON attempts (webhook_cuid, created_at DESC, id DESC);
-- Retention, and the admin's listing across tenants.
CREATE INDEX attempts_created ON attempts (created_at);
