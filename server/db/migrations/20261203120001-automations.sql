-- Automation rules (issue 8): rules administrators define without code, their run log and the
-- outgoing webhook deliveries (retried with backoff; after the last attempt a dead letter).

CREATE TABLE automation_rules (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  description text,
  enabled boolean NOT NULL DEFAULT true,
  -- {kind, object, ...}: record_created | record_updated | stage_changed | date_reached |
  -- no_activity | schedule. trigger_kind/trigger_object repeat it for the record hook's lookup.
  trigger jsonb NOT NULL,
  trigger_kind text NOT NULL,
  trigger_object text,
  conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
  actions jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Schedules: the next time the cron fires (compare-and-set by the scheduler tick).
  next_run_at timestamptz(3),
  -- Date triggers: the workspace-local day last scanned (one scan per day).
  last_scan_on date,
  -- Round-robin cursors of assign-owner actions: {"<action index>": <last position>}.
  state jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Signs webhook bodies: X-Odnos-Signature: sha256=HMAC-SHA256(secret, body).
  webhook_secret text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by uuid,
  updated_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX automation_rules_hook_idx ON automation_rules (workspace_id, trigger_object)
  WHERE enabled AND deleted_at IS NULL;
CREATE INDEX automation_rules_due_idx ON automation_rules (next_run_at)
  WHERE enabled AND deleted_at IS NULL AND next_run_at IS NOT NULL;

CREATE TABLE automation_runs (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  -- What fired the rule, unique per rule: a record change, a day, a cron tick. A job that runs
  -- twice finds its run and does nothing.
  event_key text NOT NULL,
  trigger_kind text NOT NULL,
  record_object text,
  record_id uuid,
  -- running | succeeded | failed | skipped
  status text NOT NULL,
  test boolean NOT NULL DEFAULT false,
  depth integer NOT NULL DEFAULT 0,
  error text,
  -- One entry per action: {type, status, detail?, error?}.
  actions jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, rule_id) REFERENCES automation_rules (workspace_id, id)
);
CREATE UNIQUE INDEX automation_runs_event_key ON automation_runs (workspace_id, rule_id, event_key);
CREATE INDEX automation_runs_rule_idx ON automation_runs (workspace_id, rule_id, started_at DESC);
CREATE INDEX automation_runs_recent_idx ON automation_runs (workspace_id, started_at DESC);

CREATE TABLE automation_deliveries (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  run_id uuid NOT NULL,
  url text NOT NULL,
  body text NOT NULL,
  -- pending | delivered | dead
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  last_status integer,
  last_error text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  delivered_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, rule_id) REFERENCES automation_rules (workspace_id, id)
);
CREATE INDEX automation_deliveries_dead_idx ON automation_deliveries (workspace_id, updated_at DESC)
  WHERE status = 'dead';
