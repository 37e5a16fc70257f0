-- Search (issue 4): indexes the search queries need beyond the per-table trigram GIN indexes
-- (which already carry workspace_id inside the index through btree_gin).

-- "Recent records" of the search palette: the caller's latest audit rows, newest first, without
-- scanning the whole workspace's history (10M rows at scale 1).
CREATE INDEX IF NOT EXISTS audit_events_actor_idx
  ON audit_events (workspace_id, actor_id, at DESC)
  WHERE record_id IS NOT NULL AND actor_id IS NOT NULL;
