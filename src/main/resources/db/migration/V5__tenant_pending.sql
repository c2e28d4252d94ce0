-- Pending deliveries per tenant, for limits.maxPendingDeliveriesPerTenant: accepting an event reads
-- a few rows of this table instead of counting the tenant's part of the queue.
--
-- Kept by statement-level triggers on deliveries, in the transaction of the statement that adds,
-- finishes, cancels or revives deliveries, whichever statement that is. Each database backend
-- (connection) adds its deltas to its own row (backend = pg_backend_pid()), so two transactions
-- never update the same counter row: no hot row, no lock waits, no deadlocks between writers. A
-- tenant's count is the sum of its rows. Retention folds the rows into backend 0
-- (PgQueue.FOLD_PENDING), since rows of closed connections stay behind.
CREATE TABLE tenant_pending (
  tenant_cuid text COLLATE "C" NOT NULL,
  backend     integer NOT NULL,
  pending     bigint  NOT NULL,
  PRIMARY KEY (tenant_cuid, backend)
) WITH (fillfactor = 50);

CREATE FUNCTION tenant_pending_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tenant_pending (tenant_cuid, backend, pending)
  SELECT tenant_cuid, pg_backend_pid(), count(*) FROM new_rows WHERE status = 'pending'
  GROUP BY tenant_cuid ORDER BY tenant_cuid
  ON CONFLICT (tenant_cuid, backend) DO UPDATE SET pending = tenant_pending.pending + excluded.pending;
  RETURN NULL;
END $$;

CREATE FUNCTION tenant_pending_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tenant_pending (tenant_cuid, backend, pending)
  SELECT tenant_cuid, pg_backend_pid(), sum(delta) FROM (
    SELECT tenant_cuid, 1 AS delta FROM new_rows WHERE status = 'pending'
    UNION ALL
    SELECT tenant_cuid, -1 FROM old_rows WHERE status = 'pending') AS changes
  GROUP BY tenant_cuid HAVING sum(delta) <> 0 ORDER BY tenant_cuid
  ON CONFLICT (tenant_cuid, backend) DO UPDATE SET pending = tenant_pending.pending + excluded.pending;
  RETURN NULL;
END $$;

CREATE FUNCTION tenant_pending_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tenant_pending (tenant_cuid, backend, pending)
  SELECT tenant_cuid, pg_backend_pid(), -count(*) FROM old_rows WHERE status = 'pending'
  GROUP BY tenant_cuid ORDER BY tenant_cuid
  ON CONFLICT (tenant_cuid, backend) DO UPDATE SET pending = tenant_pending.pending + excluded.pending;
  RETURN NULL;
END $$;

CREATE FUNCTION tenant_pending_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM tenant_pending;
  RETURN NULL;
END $$;

-- The triggers first: they lock deliveries against writes until this migration commits, so the
-- counts below miss nothing written meanwhile by nodes still running.
CREATE TRIGGER deliveries_pending_added AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tenant_pending_added();
CREATE TRIGGER deliveries_pending_changed AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tenant_pending_changed();
CREATE TRIGGER deliveries_pending_removed AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tenant_pending_removed();
CREATE TRIGGER deliveries_pending_truncated AFTER TRUNCATE ON deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION tenant_pending_truncated();

INSERT INTO tenant_pending (tenant_cuid, backend, pending)
SELECT tenant_cuid, 0, count(*) FROM deliveries WHERE status = 'pending' GROUP BY tenant_cuid;
