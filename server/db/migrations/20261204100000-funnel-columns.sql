-- Funnel report (R21) at 300,000 deals: what the report used to derive from the stage history on
-- every call is kept with the rows instead, maintained in the move's transaction
-- (server/deals/repository.ts recordStageEntry).
--
-- deals: the furthest open stage the deal entered in its current pipeline, and the open stage
-- it was in when it moved to a lost stage (NULL unless it is lost). Stage ids, not positions, so
-- reordering stages later does not invalidate them.
ALTER TABLE deals
  ADD COLUMN funnel_reached_stage_id uuid,
  ADD COLUMN funnel_lost_from_stage_id uuid;

-- deal_stage_history: the cohort of a stay (its deal's pipeline_entered_at; NULL for stays in a
-- pipeline the deal has left and for deleted deals), the stay's length in seconds, and a logarithmic 1 % bucket of it
-- from which the report takes the median without sorting every stay.
ALTER TABLE deal_stage_history
  ADD COLUMN deal_entered_at timestamptz(3),
  ADD COLUMN stay_seconds integer
    GENERATED ALWAYS AS (greatest(extract(epoch FROM left_at - at), 0)::integer) STORED,
  ADD COLUMN stay_bucket smallint
    GENERATED ALWAYS AS (floor(ln(1 + greatest(extract(epoch FROM left_at - at), 0)) * 100)::smallint) STORED;

UPDATE deal_stage_history h SET deal_entered_at = d.pipeline_entered_at
FROM deals d
WHERE d.workspace_id = h.workspace_id AND d.id = h.deal_id AND d.pipeline_id = h.pipeline_id
  AND d.deleted_at IS NULL;

UPDATE deals d SET
  funnel_reached_stage_id = (
    SELECT s.id FROM deal_stage_history h
    JOIN pipeline_stages s ON s.workspace_id = h.workspace_id AND s.id = h.to_stage_id
    WHERE h.workspace_id = d.workspace_id AND h.deal_id = d.id AND h.pipeline_id = d.pipeline_id
      AND s.kind = 'open'
    ORDER BY s.position DESC LIMIT 1),
  funnel_lost_from_stage_id = (
    SELECT h.from_stage_id FROM deal_stage_history h
    JOIN pipeline_stages s ON s.workspace_id = h.workspace_id AND s.id = h.to_stage_id
    WHERE h.workspace_id = d.workspace_id AND h.deal_id = d.id AND h.pipeline_id = d.pipeline_id
      AND h.left_at IS NULL AND s.kind = 'lost'
    LIMIT 1);

-- The cohort aggregate reads only this index.
DROP INDEX deals_funnel_idx;
CREATE INDEX deals_funnel_idx ON deals (workspace_id, pipeline_id, pipeline_entered_at)
  INCLUDE (status, owner_id, source, amount, currency, lost_reason_id, funnel_reached_stage_id,
           funnel_lost_from_stage_id)
  WHERE deleted_at IS NULL;
-- Time in stage: completed stays of a cohort, from the index alone.
CREATE INDEX deal_stage_history_funnel_idx
  ON deal_stage_history (workspace_id, pipeline_id, deal_entered_at)
  INCLUDE (to_stage_id, stay_seconds, stay_bucket, deal_id)
  WHERE left_at IS NOT NULL;

-- The cohort per calendar month (UTC) of `pipeline_entered_at`: one row per combination of what
-- the report groups by, with the number of deals and their amount. A report over whole months
-- reads these rows only; the days before the first and after the last whole month come from
-- `deals_funnel_idx`. Kept by the triggers below in the transaction of every write to `deals`,
-- whatever the path (form, board, bulk action, import, merge, automation).
CREATE TABLE deal_funnel_months (
  workspace_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  month date NOT NULL,
  status text NOT NULL,
  owner_id uuid,
  source text,
  currency text NOT NULL,
  lost_reason_id uuid,
  reached_stage_id uuid,
  lost_from_stage_id uuid,
  deals integer NOT NULL,
  amount bigint NOT NULL,
  CONSTRAINT deal_funnel_months_key UNIQUE NULLS NOT DISTINCT (workspace_id, pipeline_id, month,
    status, owner_id, source, currency, lost_reason_id, reached_stage_id, lost_from_stage_id)
);

INSERT INTO deal_funnel_months
SELECT workspace_id, pipeline_id, date_trunc('month', pipeline_entered_at AT TIME ZONE 'UTC')::date,
       status, owner_id, source, currency, lost_reason_id, funnel_reached_stage_id,
       funnel_lost_from_stage_id, count(*), sum(amount)
FROM deals WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;

-- Adds `sign` (+1 or -1) deals like `d` to its month row.
CREATE FUNCTION deal_funnel_count(d deals, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO deal_funnel_months AS m
  VALUES (d.workspace_id, d.pipeline_id,
          date_trunc('month', d.pipeline_entered_at AT TIME ZONE 'UTC')::date, d.status,
          d.owner_id, d.source, d.currency, d.lost_reason_id, d.funnel_reached_stage_id,
          d.funnel_lost_from_stage_id, sign, sign * d.amount)
  ON CONFLICT ON CONSTRAINT deal_funnel_months_key
  DO UPDATE SET deals = m.deals + excluded.deals, amount = m.amount + excluded.amount
$$;

-- The month row of `d` as text, only to lock two rows always in the same order (no deadlocks
-- between two transactions that move deals in opposite directions).
CREATE FUNCTION deal_funnel_key(d deals) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', d.workspace_id, d.pipeline_id,
                   date_trunc('month', d.pipeline_entered_at AT TIME ZONE 'UTC')::date, d.status,
                   d.owner_id, d.source, d.currency, d.lost_reason_id, d.funnel_reached_stage_id,
                   d.funnel_lost_from_stage_id)
$$;

CREATE FUNCTION deals_funnel_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL AND NEW.deleted_at IS NULL
     AND deal_funnel_key(NEW) < deal_funnel_key(OLD) THEN
    PERFORM deal_funnel_count(NEW, 1);
    PERFORM deal_funnel_count(OLD, -1);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
    PERFORM deal_funnel_count(OLD, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
    PERFORM deal_funnel_count(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deals_funnel_rollup AFTER INSERT OR DELETE ON deals
  FOR EACH ROW EXECUTE FUNCTION deals_funnel_rollup();
CREATE TRIGGER deals_funnel_rollup_update AFTER UPDATE ON deals
  FOR EACH ROW
  WHEN ((OLD.pipeline_id, OLD.pipeline_entered_at, OLD.status, OLD.owner_id, OLD.source,
         OLD.currency, OLD.lost_reason_id, OLD.funnel_reached_stage_id,
         OLD.funnel_lost_from_stage_id, OLD.amount, OLD.deleted_at)
        IS DISTINCT FROM
        (NEW.pipeline_id, NEW.pipeline_entered_at, NEW.status, NEW.owner_id, NEW.source,
         NEW.currency, NEW.lost_reason_id, NEW.funnel_reached_stage_id,
         NEW.funnel_lost_from_stage_id, NEW.amount, NEW.deleted_at))
  EXECUTE FUNCTION deals_funnel_rollup();

-- Completed stays per cohort month, stage and 1 % length bucket (see stay_bucket), kept by the
-- triggers below; the report's time in stage reads whole months here, the days around them from
-- deal_stage_history_funnel_idx.
CREATE TABLE deal_stay_months (
  workspace_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  month date NOT NULL,
  stage_id uuid NOT NULL,
  bucket smallint NOT NULL,
  stays integer NOT NULL,
  seconds bigint NOT NULL,
  PRIMARY KEY (workspace_id, pipeline_id, month, stage_id, bucket)
);

INSERT INTO deal_stay_months
SELECT workspace_id, pipeline_id, date_trunc('month', deal_entered_at AT TIME ZONE 'UTC')::date,
       to_stage_id, stay_bucket, count(*), sum(stay_seconds)
FROM deal_stage_history WHERE left_at IS NOT NULL AND deal_entered_at IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION deal_stay_count(h deal_stage_history, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO deal_stay_months AS m
  VALUES (h.workspace_id, h.pipeline_id,
          date_trunc('month', h.deal_entered_at AT TIME ZONE 'UTC')::date, h.to_stage_id,
          h.stay_bucket, sign, sign * h.stay_seconds)
  ON CONFLICT (workspace_id, pipeline_id, month, stage_id, bucket)
  DO UPDATE SET stays = m.stays + excluded.stays, seconds = m.seconds + excluded.seconds
$$;

CREATE FUNCTION deal_stay_key(h deal_stage_history) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', h.workspace_id, h.pipeline_id,
                   date_trunc('month', h.deal_entered_at AT TIME ZONE 'UTC')::date, h.to_stage_id,
                   h.stay_bucket)
$$;

-- A completed stay of a deal in a cohort counts once; closing, moving or dropping it moves the
-- count (two rows always locked in the same order).
CREATE FUNCTION deal_stage_history_stays() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  counted_old boolean := TG_OP <> 'INSERT' AND OLD.left_at IS NOT NULL
                         AND OLD.deal_entered_at IS NOT NULL;
  counted_new boolean := TG_OP <> 'DELETE' AND NEW.left_at IS NOT NULL
                         AND NEW.deal_entered_at IS NOT NULL;
BEGIN
  IF counted_old AND counted_new AND deal_stay_key(NEW) < deal_stay_key(OLD) THEN
    PERFORM deal_stay_count(NEW, 1);
    PERFORM deal_stay_count(OLD, -1);
    RETURN NULL;
  END IF;
  IF counted_old THEN
    PERFORM deal_stay_count(OLD, -1);
  END IF;
  IF counted_new THEN
    PERFORM deal_stay_count(NEW, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER deal_stage_history_stays AFTER INSERT OR DELETE ON deal_stage_history
  FOR EACH ROW EXECUTE FUNCTION deal_stage_history_stays();
CREATE TRIGGER deal_stage_history_stays_update AFTER UPDATE ON deal_stage_history
  FOR EACH ROW
  WHEN ((OLD.pipeline_id, OLD.to_stage_id, OLD.at, OLD.left_at, OLD.deal_entered_at)
        IS DISTINCT FROM
        (NEW.pipeline_id, NEW.to_stage_id, NEW.at, NEW.left_at, NEW.deal_entered_at))
  EXECUTE FUNCTION deal_stage_history_stays();

-- A new stay takes its deal's cohort (the deal row is written before its history) …
CREATE FUNCTION deal_stage_history_cohort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT CASE WHEN d.deleted_at IS NULL AND d.pipeline_id = NEW.pipeline_id
              THEN d.pipeline_entered_at END
    INTO NEW.deal_entered_at
    FROM deals d WHERE d.workspace_id = NEW.workspace_id AND d.id = NEW.deal_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER deal_stage_history_cohort BEFORE INSERT ON deal_stage_history
  FOR EACH ROW EXECUTE FUNCTION deal_stage_history_cohort();

-- … and follows it when the deal moves to another pipeline, is deleted or restored.
CREATE FUNCTION deals_stays_cohort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deal_stage_history h
  SET deal_entered_at = CASE WHEN NEW.deleted_at IS NULL AND h.pipeline_id = NEW.pipeline_id
                             THEN NEW.pipeline_entered_at END
  WHERE h.workspace_id = NEW.workspace_id AND h.deal_id = NEW.id
    AND h.deal_entered_at IS DISTINCT FROM
        (CASE WHEN NEW.deleted_at IS NULL AND h.pipeline_id = NEW.pipeline_id
              THEN NEW.pipeline_entered_at END);
  RETURN NULL;
END
$$;
CREATE TRIGGER deals_stays_cohort AFTER UPDATE ON deals
  FOR EACH ROW
  WHEN ((OLD.pipeline_id, OLD.pipeline_entered_at, OLD.deleted_at)
        IS DISTINCT FROM (NEW.pipeline_id, NEW.pipeline_entered_at, NEW.deleted_at))
  EXECUTE FUNCTION deals_stays_cohort();
