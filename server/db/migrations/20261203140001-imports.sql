-- Import and export (issue 10): import jobs with their checkpoint, per-row errors, what each
-- import created or changed (for undo), remembered column mappings, and external ids.

CREATE TABLE imports (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  object text NOT NULL,
  -- uploaded → queued → running → done | failed | cancelled; done/cancelled → undoing → undone
  status text NOT NULL,
  file_name text NOT NULL,
  -- Where the uploaded file is kept (the upload folder, see imports/storage.ts).
  file_path text NOT NULL,
  file_size bigint NOT NULL,
  format text NOT NULL,
  -- Detected or chosen: encoding, delimiter, sheet; the header row and a few rows for preview.
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  headers jsonb NOT NULL DEFAULT '[]'::jsonb,
  preview jsonb NOT NULL DEFAULT '[]'::jsonb,
  sheets jsonb NOT NULL DEFAULT '[]'::jsonb,
  shape_key text NOT NULL,
  -- Column index → target field (null = ignored), and the options (duplicates, defaults, formats).
  mapping jsonb,
  options jsonb,
  -- The checkpoint: data rows fully handled, written in the same transaction as those rows.
  rows_done integer NOT NULL DEFAULT 0,
  bytes_done bigint NOT NULL DEFAULT 0,
  total_rows integer,
  created integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  cancel_requested boolean NOT NULL DEFAULT false,
  error text,
  started_at timestamptz(3),
  finished_at timestamptz(3),
  heartbeat_at timestamptz(3),
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX imports_recent_idx ON imports (workspace_id, created_at DESC);

CREATE TABLE import_errors (
  workspace_id uuid NOT NULL,
  import_id uuid NOT NULL,
  row_index integer NOT NULL,
  line integer NOT NULL,
  row jsonb NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (workspace_id, import_id, row_index),
  FOREIGN KEY (workspace_id, import_id) REFERENCES imports (workspace_id, id) ON DELETE CASCADE
);

-- What an import did to each record: created, or updated with the values before (undo).
CREATE TABLE import_items (
  workspace_id uuid NOT NULL,
  import_id uuid NOT NULL,
  object text NOT NULL,
  record_id uuid NOT NULL,
  action text NOT NULL,
  before jsonb,
  PRIMARY KEY (workspace_id, import_id, object, record_id),
  FOREIGN KEY (workspace_id, import_id) REFERENCES imports (workspace_id, id) ON DELETE CASCADE
);

-- Mappings remembered per file shape (object + normalized header row).
CREATE TABLE import_mappings (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  object text NOT NULL,
  shape_key text NOT NULL,
  mapping jsonb NOT NULL,
  options jsonb NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, object, shape_key)
);

-- Ids of records in the system they came from (an old CRM, a spreadsheet's own id column).
CREATE TABLE external_ids (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  object text NOT NULL,
  external_id text NOT NULL,
  record_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, object, external_id)
);
CREATE INDEX external_ids_record_idx ON external_ids (workspace_id, object, record_id);

CREATE INDEX companies_lower_name_idx ON companies (workspace_id, lower(name));
