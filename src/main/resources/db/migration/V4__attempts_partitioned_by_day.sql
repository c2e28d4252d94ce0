-- The delivery log, partitioned by day (UTC) on created_at, so that retention drops whole days
-- (DROP TABLE: no row-by-row DELETE, no vacuum) and a page reads a few index entries per partition.
-- Existing rows are kept: the old table is renamed, the new one made like it (columns added by
-- earlier migrations included), the rows copied, the old table dropped.
--
--   attempts_pYYYYMMDD  one partition per UTC day; made ahead of time by attempts_make_days (at
--                       boot and by the housekeeping timer), dropped by attempts_drop_days_before
--   attempts_default    catches an attempt of a day that has no partition (a clock far off, a day
--                       not made in time); retention deletes from it in bounded batches, and
--                       attempts_make_days moves its rows of a day into that day's new partition

ALTER TABLE attempts RENAME TO attempts_unpartitioned;

-- The row id orders attempts created at the same instant (keyset paging: created_at, id). A plain
-- sequence (named attempts_id_seq once the old table's is gone): the partitions are made as plain
-- tables and attached, and rows move between them.
CREATE SEQUENCE attempts_id_seq_v4 AS bigint;
SELECT setval('attempts_id_seq_v4', coalesce((SELECT max(id) FROM attempts_unpartitioned), 0) + 1, false);

CREATE TABLE attempts (LIKE attempts_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
  PARTITION BY RANGE (created_at);
ALTER TABLE attempts ALTER COLUMN id SET DEFAULT nextval('attempts_id_seq_v4');
ALTER SEQUENCE attempts_id_seq_v4 OWNED BY attempts.id;

CREATE TABLE attempts_default PARTITION OF attempts DEFAULT;

-- Makes the partitions of the UTC days from_day..to_day that do not exist yet; returns how many it
-- made. Safe to run from several nodes at once (an advisory lock serialises them). Each partition
-- is made as a plain table, filled with its day's rows from attempts_default (if any), then
-- attached: ATTACH takes only a SHARE UPDATE EXCLUSIVE lock on attempts, so inserts and reads go on.
CREATE FUNCTION attempts_make_days(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  day  date;
  name text;
  lo   timestamptz;
  hi   timestamptz;
  made integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('hookrelay attempts partitions'));
  FOR day IN SELECT generate_series(from_day, to_day, interval '1 day')::date LOOP
    name := 'attempts_p' || to_char(day, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(quote_ident(name)) IS NOT NULL;
    lo := day::timestamp AT TIME ZONE 'UTC';
    hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
    EXECUTE format('CREATE TABLE %I (LIKE attempts INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format(
      'WITH moved AS (DELETE FROM attempts_default WHERE created_at >= %L AND created_at < %L RETURNING *) '
      'INSERT INTO %I SELECT * FROM moved', lo, hi, name);
    EXECUTE format('ALTER TABLE attempts ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
    made := made + 1;
  END LOOP;
  RETURN made;
END $$;

-- Drops the day partitions whose whole day lies before cutoff; returns about how many rows they
-- held (the planner's estimate: counting would read them all). Dropping a partition takes a short
-- ACCESS EXCLUSIVE lock on attempts; it waits at most 5 s for it and otherwise fails, to be tried
-- again on the next run, rather than queueing every insert and read behind a long query.
CREATE FUNCTION attempts_drop_days_before(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  part    record;
  dropped bigint := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('hookrelay attempts partitions'));
  PERFORM set_config('lock_timeout', '5s', true);
  FOR part IN
    SELECT c.relname, greatest(c.reltuples, 0)::bigint AS estimate
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'attempts'::regclass
      AND c.relname ~ '^attempts_p[0-9]{8}$'
      AND (to_date(substr(c.relname, 11), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= cutoff
    ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TABLE %I', part.relname);
    dropped := dropped + part.estimate;
  END LOOP;
  RETURN dropped;
END $$;

-- A partition for every day of the last 90 that has rows, and for today and the next 3 days; older
-- rows go to attempts_default, from where retention deletes them in batches.
SELECT attempts_make_days(d, d)
FROM (SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date AS d FROM attempts_unpartitioned
      WHERE created_at >= now() - interval '90 days' AND created_at < now() + interval '4 days') days;
SELECT attempts_make_days((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + 3);

INSERT INTO attempts SELECT * FROM attempts_unpartitioned;
DROP TABLE attempts_unpartitioned;
ALTER SEQUENCE attempts_id_seq_v4 RENAME TO attempts_id_seq;

-- The log's reads, all within one tenant, newest first: the tenant alone, with a status (the filter
-- that is often rare: failed), with a webhook, with both, and an event's attempts. Keyset paging
-- continues below (created_at, id) on the same index; the tenant in each index also lets the
-- capped count read the index alone. Declared on attempts, so every partition gets them (a new
-- partition when it is attached).
CREATE INDEX attempts_tenant_newest ON attempts (tenant_cuid, created_at DESC, id DESC);
CREATE INDEX attempts_tenant_status_newest ON attempts (tenant_cuid, status, created_at DESC, id DESC);
CREATE INDEX attempts_webhook_newest ON attempts (tenant_cuid, webhook_cuid, created_at DESC, id DESC);
CREATE INDEX attempts_webhook_status_newest
  ON attempts (tenant_cuid, webhook_cuid, status, created_at DESC, id DESC);
CREATE INDEX attempts_event_newest ON attempts (tenant_cuid, event_cuid, created_at DESC, id DESC);
-- Retention's batched deletes from the default partition only.
CREATE INDEX attempts_default_created ON attempts_default (created_at);
