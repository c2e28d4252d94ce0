-- Per-webhook delivery controls (API.md "Per-webhook delivery controls"): a rate limit that holds
-- across every node, and deliveries ordered per key. See docs/delivery-controls.md.

ALTER TABLE webhooks
  ADD COLUMN rate_limit_per_second integer CHECK (rate_limit_per_second BETWEEN 1 AND 100000),
  ADD COLUMN ordering text NOT NULL DEFAULT 'none' CHECK (ordering IN ('none', 'perKey'));

-- paced: the delivery's webhook has controls, so PgQueue claims it through claim_paced() below and
-- never through the plain claim. ordering_key: set only for a webhook with ordering 'perKey' (at
-- accept time) and an event with a key.
ALTER TABLE deliveries
  ADD COLUMN paced boolean NOT NULL DEFAULT false,
  ADD COLUMN ordering_key text;

-- The plain claim walks only unpaced rows: deliveries waiting for their key's turn or their
-- webhook's budget are never in its way.
CREATE INDEX deliveries_due_unpaced ON deliveries (next_attempt_at, id) WHERE status = 'pending' AND NOT paced;
DROP INDEX deliveries_due;
-- claim_paced(): one webhook's due paced rows, oldest first.
CREATE INDEX deliveries_paced ON deliveries (webhook_cuid, next_attempt_at, id) WHERE status = 'pending' AND paced;
-- claim_paced(): is an older delivery of the same key still pending (or one on its way)?
CREATE INDEX deliveries_key_pending ON deliveries (webhook_cuid, ordering_key, id)
  WHERE status = 'pending' AND ordering_key IS NOT NULL;
-- claim_paced(): an ordered webhook's deliveries without a key (events sent to several targets).
CREATE INDEX deliveries_paced_unkeyed ON deliveries (webhook_cuid, next_attempt_at, id)
  WHERE status = 'pending' AND paced AND ordering_key IS NULL;

-- One row per enabled webhook with delivery controls. next_at: the start of its next free
-- rate-limit slot (for a webhook without a rate limit, when it was last claimed). A claim locks the
-- row: one claimer at a time per webhook, cluster-wide, whatever node it runs on.
CREATE TABLE webhook_pacing (
  webhook_cuid text COLLATE "C" PRIMARY KEY,
  next_at      timestamptz NOT NULL
);

-- Keeps webhook_pacing and deliveries.paced in step with the webhook: the controls set (or the
-- webhook enabled again) move its pending deliveries to the paced claim, controls cleared (or the
-- webhook disabled or deleted) move them back to the plain claim, which cancels those of a webhook
-- that is gone or disabled.
CREATE FUNCTION webhook_pacing_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  want boolean;
  hook text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    want := false;
    hook := OLD.cuid;
  ELSE
    want := NEW.enabled AND (NEW.rate_limit_per_second IS NOT NULL OR NEW.ordering = 'perKey');
    hook := NEW.cuid;
  END IF;
  IF want THEN
    INSERT INTO webhook_pacing (webhook_cuid, next_at) VALUES (hook, '-infinity') ON CONFLICT DO NOTHING;
  ELSE
    DELETE FROM webhook_pacing WHERE webhook_cuid = hook;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    UPDATE deliveries SET paced = want WHERE webhook_cuid = hook AND status = 'pending' AND paced <> want;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER webhooks_pacing_insert AFTER INSERT ON webhooks FOR EACH ROW
  WHEN (NEW.rate_limit_per_second IS NOT NULL OR NEW.ordering = 'perKey')
  EXECUTE FUNCTION webhook_pacing_sync();
CREATE TRIGGER webhooks_pacing_update AFTER UPDATE ON webhooks FOR EACH ROW
  WHEN (OLD.rate_limit_per_second IS DISTINCT FROM NEW.rate_limit_per_second
        OR OLD.ordering <> NEW.ordering OR OLD.enabled <> NEW.enabled)
  EXECUTE FUNCTION webhook_pacing_sync();
CREATE TRIGGER webhooks_pacing_delete AFTER DELETE ON webhooks FOR EACH ROW
  WHEN (OLD.rate_limit_per_second IS NOT NULL OR OLD.ordering = 'perKey')
  EXECUTE FUNCTION webhook_pacing_sync();

-- Claims up to p_max due paced deliveries for p_node, webhook by webhook (least recently served
-- first). Each webhook's webhook_pacing row is locked (SKIP LOCKED: a webhook another claimer holds
-- is left to it), and only then are its deliveries read: this function is VOLATILE, so each
-- statement below sees every claim and outcome committed before the lock was granted.
--   ordering 'perKey': a delivery goes only when no older delivery of its key is pending and none
--     of its key is on its way (an older one committed late) — one at a time, in accept order; a
--     failing one holds back its key through its retries, other keys go on.
--   rate_limit_per_second N: slots ceil(1 s / N) apart, given out at most one second ahead from
--     next_at; each claimed delivery gets its slot as not_before, and the dispatcher does not start
--     it earlier. At most N attempts start in any second, from all nodes together. A delivery
--     without a slot stays pending: no attempt is counted.
-- The lease runs one second longer than asked, for the wait until the slot.
CREATE FUNCTION claim_paced(p_node text, p_max integer, p_lease_ms bigint)
RETURNS TABLE (id bigint, cuid text, tenant_cuid text, event_cuid text, webhook_cuid text, event text,
               attempts integer, max_attempts integer, next_attempt_at timestamptz, url text, secret text,
               ssl_verification boolean, body bytea, not_before timestamptz,
               previous_secret text, previous_secret_expires_at timestamptz, traceparent text)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  w record;
  taken integer := 0;
  got integer;
  base timestamptz;
  step interval;
  budget integer;
BEGIN
  FOR w IN
    SELECT p.webhook_cuid AS hook, h.url AS hook_url, h.secret AS hook_secret,
           CASE WHEN h.previous_secret_expires_at > now() THEN h.previous_secret END AS hook_previous,
           CASE WHEN h.previous_secret_expires_at > now() THEN h.previous_secret_expires_at END
             AS hook_previous_until,
           h.ssl_verification AS hook_ssl, h.rate_limit_per_second AS rate, h.ordering = 'perKey' AS ordered,
           EXISTS (SELECT 1 FROM tenants t WHERE t.cuid = h.tenant_cuid AND NOT t.webhooks_enabled) AS switched_off
    FROM webhook_pacing p JOIN webhooks h ON h.cuid = p.webhook_cuid
    WHERE EXISTS (SELECT 1 FROM deliveries d
                  WHERE d.webhook_cuid = p.webhook_cuid AND d.status = 'pending' AND d.paced
                    AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now()))
    ORDER BY p.next_at, p.webhook_cuid
    FOR UPDATE OF p SKIP LOCKED
  LOOP
    EXIT WHEN taken >= p_max;
    IF w.switched_off THEN
      UPDATE deliveries SET status = 'cancelled', locked_until = NULL, locked_by = NULL
      WHERE id IN (SELECT d.id FROM deliveries d
                   WHERE d.webhook_cuid = w.hook AND d.status = 'pending' AND d.paced AND d.next_attempt_at <= now()
                     AND (d.locked_until IS NULL OR d.locked_until < now())
                   FOR UPDATE SKIP LOCKED);
      CONTINUE;
    END IF;
    IF w.rate IS NULL THEN
      base := now();
      step := interval '0';
      budget := p_max - taken;
    ELSE
      SELECT greatest(p.next_at, now()) INTO base FROM webhook_pacing p WHERE p.webhook_cuid = w.hook;
      step := make_interval(secs => ceil(1000000.0 / w.rate) / 1000000.0);
      budget := least(p_max - taken,
                      ceil(extract(epoch FROM now() + interval '1 second' - base) / extract(epoch FROM step))::integer);
    END IF;
    CONTINUE WHEN budget <= 0;
    RETURN QUERY
    WITH RECURSIVE keys(k) AS (
      -- an ordered webhook's keys with pending deliveries, one index probe per key (a loose index
      -- scan of deliveries_key_pending), so a claim costs the number of keys, not of the backlog
      (SELECT d.ordering_key FROM deliveries d
       WHERE w.ordered AND d.webhook_cuid = w.hook AND d.status = 'pending' AND d.ordering_key IS NOT NULL
       ORDER BY d.ordering_key LIMIT 1)
      UNION ALL
      SELECT (SELECT d.ordering_key FROM deliveries d
              WHERE d.webhook_cuid = w.hook AND d.status = 'pending' AND d.ordering_key > keys.k
              ORDER BY d.ordering_key LIMIT 1)
      FROM keys WHERE keys.k IS NOT NULL
    ), heads AS (
      -- each key's oldest pending delivery: the only one of its key that may go, and only while
      -- no other of its key is on its way
      SELECT h.id FROM keys
      CROSS JOIN LATERAL (SELECT d.id FROM deliveries d
                          WHERE d.webhook_cuid = w.hook AND d.status = 'pending' AND d.ordering_key = keys.k
                          ORDER BY d.id LIMIT 1) h
      WHERE keys.k IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM deliveries o
                        WHERE o.webhook_cuid = w.hook AND o.ordering_key = keys.k AND o.status = 'pending'
                          AND o.id <> h.id AND o.locked_until >= now())
    ), options AS (
      -- what may go: the heads of an ordered webhook's keys and its unkeyed rows, or any due row of
      -- an unordered one; each branch reads only its own index
      SELECT id FROM heads
      UNION ALL
      (SELECT d.id FROM deliveries d
       WHERE w.ordered AND d.webhook_cuid = w.hook AND d.status = 'pending' AND d.paced
         AND d.ordering_key IS NULL AND d.next_attempt_at <= now()
         AND (d.locked_until IS NULL OR d.locked_until < now())
       ORDER BY d.next_attempt_at, d.id LIMIT budget)
      UNION ALL
      (SELECT d.id FROM deliveries d
       WHERE NOT w.ordered AND d.webhook_cuid = w.hook AND d.status = 'pending' AND d.paced
         AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())
       ORDER BY d.next_attempt_at, d.id LIMIT budget)
    ), cand AS (
      SELECT d.id, d.next_attempt_at FROM deliveries d
      WHERE d.id IN (SELECT id FROM options)
        AND d.status = 'pending' AND d.next_attempt_at <= now()
        AND (d.locked_until IS NULL OR d.locked_until < now())
      ORDER BY d.next_attempt_at, d.id
      LIMIT budget
      FOR UPDATE OF d SKIP LOCKED
    ), ranked AS (
      SELECT cand.id, row_number() OVER (ORDER BY cand.next_attempt_at, cand.id) - 1 AS n FROM cand
    ), claimed AS (
      UPDATE deliveries d SET locked_until = now() + (p_lease_ms + 1000) * interval '1 millisecond', locked_by = p_node
      FROM ranked WHERE d.id = ranked.id
      RETURNING d.id, d.cuid, d.tenant_cuid, d.event_cuid, d.webhook_cuid, d.event, d.attempts, d.max_attempts,
                d.next_attempt_at, ranked.n
    )
    SELECT c.id, c.cuid, c.tenant_cuid, c.event_cuid, c.webhook_cuid, c.event, c.attempts, c.max_attempts,
           c.next_attempt_at, w.hook_url, w.hook_secret, w.hook_ssl, e.body, base + step * c.n,
           w.hook_previous, w.hook_previous_until, e.traceparent
    FROM claimed c JOIN events e ON e.cuid = c.event_cuid
    ORDER BY c.n;
    GET DIAGNOSTICS got = ROW_COUNT;
    taken := taken + got;
    UPDATE webhook_pacing p SET next_at = CASE WHEN w.rate IS NULL THEN now() ELSE base + step * got END
    WHERE p.webhook_cuid = w.hook;
  END LOOP;
END $$;
