-- Exports prepared in the background (issue 10): a big list is written to a file by a job that
-- reports its progress; the user who asked downloads it when it is ready.

CREATE TABLE exports (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  object text NOT NULL,
  format text NOT NULL,
  -- The list's query string (filters, search, sort, columns) as the list sent it.
  query jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- queued → running → done | failed
  status text NOT NULL,
  rows_done integer NOT NULL DEFAULT 0,
  total_rows integer,
  file_name text NOT NULL,
  -- Where the finished file is kept (the upload folder's exports/), and its size.
  file_path text,
  file_size bigint,
  error text,
  created_by uuid NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX exports_user_idx ON exports (workspace_id, created_by, created_at DESC);
