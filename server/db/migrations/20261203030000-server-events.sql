-- Real-time push (server/events): every published event is kept for a day so a browser that
-- reconnects with Last-Event-ID catches up what it missed. Not a business table: the id is a
-- global sequence (the SSE event id), rows are pruned after a day.
CREATE TABLE server_events (
  id bigserial PRIMARY KEY,
  workspace_id uuid NOT NULL,
  -- NULL: everyone signed in to the workspace; otherwise only these users.
  user_ids uuid[],
  type text NOT NULL,
  data jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX server_events_workspace_idx ON server_events (workspace_id, id);
CREATE INDEX server_events_created_idx ON server_events (created_at);
