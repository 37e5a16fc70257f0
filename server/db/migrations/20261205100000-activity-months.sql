-- Activity report (R20, issue 5): activities per calendar month (UTC) of `occurred_at`, kind and
-- actor, so a dashboard over 10M activities reads a few thousand rows instead of scanning them.
-- Kept by the triggers below in the transaction of every write to `activities` (notes, calls,
-- tasks, payments, merges…); soft-deleted rows do not count. The days before the first and after
-- the last whole month of a report come from `activities_report_idx`.
CREATE TABLE activity_months (
  workspace_id uuid NOT NULL,
  month date NOT NULL,
  kind text NOT NULL,
  actor_id uuid,
  n integer NOT NULL,
  CONSTRAINT activity_months_key UNIQUE NULLS NOT DISTINCT (workspace_id, month, kind, actor_id)
);

INSERT INTO activity_months
SELECT workspace_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, kind, actor_id,
       count(*)
FROM activities WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

CREATE INDEX activities_report_idx ON activities (workspace_id, occurred_at)
  INCLUDE (kind, actor_id) WHERE deleted_at IS NULL;

-- Adds `sign` (+1 or -1) activities like `a` to its month row.
CREATE FUNCTION activity_months_count(a activities, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO activity_months AS m
  VALUES (a.workspace_id, date_trunc('month', a.occurred_at AT TIME ZONE 'UTC')::date, a.kind,
          a.actor_id, sign)
  ON CONFLICT ON CONSTRAINT activity_months_key DO UPDATE SET n = m.n + excluded.n
$$;

-- The month row of `a` as text, only to lock two rows always in the same order (no deadlocks
-- between two transactions that move activities in opposite directions).
CREATE FUNCTION activity_months_key(a activities) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', a.workspace_id, date_trunc('month', a.occurred_at AT TIME ZONE 'UTC')::date,
                   a.kind, a.actor_id)
$$;

CREATE FUNCTION activities_months_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL
     AND activity_months_key(NEW) < activity_months_key(OLD) THEN
    PERFORM activity_months_count(NEW, 1);
    PERFORM activity_months_count(OLD, -1);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
    PERFORM activity_months_count(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
    PERFORM activity_months_count(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER activities_months_rollup AFTER INSERT OR DELETE ON activities
  FOR EACH ROW EXECUTE FUNCTION activities_months_rollup();
CREATE TRIGGER activities_months_rollup_update AFTER UPDATE ON activities
  FOR EACH ROW
  WHEN ((OLD.workspace_id, OLD.kind, OLD.actor_id, OLD.occurred_at, OLD.deleted_at IS NULL)
        IS DISTINCT FROM
        (NEW.workspace_id, NEW.kind, NEW.actor_id, NEW.occurred_at, NEW.deleted_at IS NULL))
  EXECUTE FUNCTION activities_months_rollup();
