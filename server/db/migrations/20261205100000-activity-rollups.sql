-- Activity report (R20, issue 5): live activities counted per calendar month and per day (UTC)
-- of `occurred_at`, kind and actor, so a dashboard over 10M activities reads a few thousand rows
-- instead of scanning them: whole months from `activity_months`, the days before the first and
-- after the last whole month from `activity_days`. Kept by the triggers below in the transaction
-- of every write to `activities` (notes, calls, tasks, billing, merges…); soft-deleted rows do
-- not count.
CREATE TABLE activity_months (
  workspace_id uuid NOT NULL,
  month date NOT NULL,
  kind text NOT NULL,
  actor_id uuid,
  n integer NOT NULL,
  CONSTRAINT activity_months_key UNIQUE NULLS NOT DISTINCT (workspace_id, month, kind, actor_id)
);
CREATE TABLE activity_days (
  workspace_id uuid NOT NULL,
  day date NOT NULL,
  kind text NOT NULL,
  actor_id uuid,
  n integer NOT NULL,
  CONSTRAINT activity_days_key UNIQUE NULLS NOT DISTINCT (workspace_id, day, kind, actor_id)
);

INSERT INTO activity_months
SELECT workspace_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, kind, actor_id,
       count(*)
FROM activities WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;
INSERT INTO activity_days
SELECT workspace_id, (occurred_at AT TIME ZONE 'UTC')::date, kind, actor_id, count(*)
FROM activities WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

-- Add `sign` (+1 or -1) activities like `a` to its month / day row.
CREATE FUNCTION activity_months_count(a activities, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO activity_months AS m
  VALUES (a.workspace_id, date_trunc('month', a.occurred_at AT TIME ZONE 'UTC')::date, a.kind,
          a.actor_id, sign)
  ON CONFLICT ON CONSTRAINT activity_months_key DO UPDATE SET n = m.n + excluded.n
$$;
CREATE FUNCTION activity_days_count(a activities, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO activity_days AS d
  VALUES (a.workspace_id, (a.occurred_at AT TIME ZONE 'UTC')::date, a.kind, a.actor_id, sign)
  ON CONFLICT ON CONSTRAINT activity_days_key DO UPDATE SET n = d.n + excluded.n
$$;

-- The month / day row of `a` as text, only to lock rows always in the same order (months
-- first, each table's rows by key): no deadlocks between two transactions that move activities
-- in opposite directions.
CREATE FUNCTION activity_month_key(a activities) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', a.workspace_id, date_trunc('month', a.occurred_at AT TIME ZONE 'UTC')::date,
                   a.kind, a.actor_id)
$$;
CREATE FUNCTION activity_day_key(a activities) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', a.workspace_id, (a.occurred_at AT TIME ZONE 'UTC')::date, a.kind,
                   a.actor_id)
$$;

CREATE FUNCTION activities_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted_old boolean := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL;
  counted_new boolean := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL;
BEGIN
  IF counted_old AND counted_new THEN
    IF activity_month_key(NEW) < activity_month_key(OLD) THEN
      PERFORM activity_months_count(NEW, 1);
      PERFORM activity_months_count(OLD, -1);
    ELSE
      PERFORM activity_months_count(OLD, -1);
      PERFORM activity_months_count(NEW, 1);
    END IF;
    IF activity_day_key(NEW) < activity_day_key(OLD) THEN
      PERFORM activity_days_count(NEW, 1);
      PERFORM activity_days_count(OLD, -1);
    ELSE
      PERFORM activity_days_count(OLD, -1);
      PERFORM activity_days_count(NEW, 1);
    END IF;
    RETURN NULL;
  END IF;
  IF counted_old THEN
    PERFORM activity_months_count(OLD, -1);
    PERFORM activity_days_count(OLD, -1);
  END IF;
  IF counted_new THEN
    PERFORM activity_months_count(NEW, 1);
    PERFORM activity_days_count(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER activities_rollup AFTER INSERT OR DELETE ON activities
  FOR EACH ROW EXECUTE FUNCTION activities_rollup();
CREATE TRIGGER activities_rollup_update AFTER UPDATE ON activities
  FOR EACH ROW
  WHEN ((OLD.workspace_id, OLD.kind, OLD.actor_id, OLD.occurred_at, OLD.deleted_at IS NULL)
        IS DISTINCT FROM
        (NEW.workspace_id, NEW.kind, NEW.actor_id, NEW.occurred_at, NEW.deleted_at IS NULL))
  EXECUTE FUNCTION activities_rollup();
