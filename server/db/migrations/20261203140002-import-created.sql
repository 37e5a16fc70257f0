-- The records an import created, one row per batch (ids as an array: one row instead of
-- thousands per batch keeps the import fast); undo deletes them. Replaces import_items rows
-- with action 'created' (import_items keeps the updated records with their values before).
CREATE TABLE import_created (
  workspace_id uuid NOT NULL,
  import_id uuid NOT NULL,
  seq integer NOT NULL,
  object text NOT NULL,
  ids uuid[] NOT NULL,
  PRIMARY KEY (workspace_id, import_id, seq, object),
  FOREIGN KEY (workspace_id, import_id) REFERENCES imports (workspace_id, id) ON DELETE CASCADE
);
