-- The words index keeps the letter runs of search_text's words, without their digits: an e-mail's
-- "novak87" or "oseba123", a company's "studio21" are indexed as "novak", "oseba", "studio". Words
-- with digits were 99 % of the dictionary at a million contacts (121,054 words, 853 without a
-- digit): a prefix like "petr" looked up the newest records of 2,077 dictionary words instead of
-- 8, and nearly every new record added a dictionary word (and its trigrams). A one-word query with
-- a digit goes through search_text (`singleWord`), as numbers and phones already did.

CREATE OR REPLACE FUNCTION search_words_sync_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_words sw
    USING (
      SELECT DISTINCT o.workspace_id, o.updated_at, o.id, w
      FROM old_rows o CROSS JOIN LATERAL regexp_split_to_table(o.search_text, '[0-9 ]+') w
      WHERE o.deleted_at IS NULL AND o.search_text IS NOT NULL AND length(w) > 1
    ) gone
    WHERE sw.workspace_id = gone.workspace_id AND sw.record_type = TG_ARGV[0]
      AND sw.word = gone.w AND sw.updated_at = gone.updated_at AND sw.record_id = gone.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM search_words sw
    USING (
      SELECT DISTINCT o.workspace_id, o.updated_at, o.id, w
      FROM old_rows o CROSS JOIN LATERAL regexp_split_to_table(o.search_text, '[0-9 ]+') w
      WHERE o.deleted_at IS NULL AND o.search_text IS NOT NULL AND length(w) > 1
        AND NOT EXISTS (
          SELECT 1 FROM new_rows n
          WHERE n.workspace_id = o.workspace_id AND n.id = o.id
            AND n.search_text IS NOT DISTINCT FROM o.search_text
            AND n.updated_at IS NOT DISTINCT FROM o.updated_at
            AND n.deleted_at IS NOT DISTINCT FROM o.deleted_at)
    ) gone
    WHERE sw.workspace_id = gone.workspace_id AND sw.record_type = TG_ARGV[0]
      AND sw.word = gone.w AND sw.updated_at = gone.updated_at AND sw.record_id = gone.id;
    INSERT INTO search_words (workspace_id, record_type, word, updated_at, record_id)
    SELECT n.workspace_id, TG_ARGV[0], w.word, n.updated_at, n.id
    FROM new_rows n CROSS JOIN LATERAL (
      SELECT DISTINCT u AS word FROM regexp_split_to_table(n.search_text, '[0-9 ]+') u
      WHERE length(u) > 1) w
    WHERE n.deleted_at IS NULL AND n.search_text IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM old_rows o
        WHERE o.workspace_id = n.workspace_id AND o.id = n.id
          AND o.search_text IS NOT DISTINCT FROM n.search_text
          AND o.updated_at IS NOT DISTINCT FROM n.updated_at
          AND o.deleted_at IS NOT DISTINCT FROM n.deleted_at)
    ORDER BY 1, 3, 4, 5;
  ELSE
    -- Sorted, the batch's words go into the index in its order.
    INSERT INTO search_words (workspace_id, record_type, word, updated_at, record_id)
    SELECT n.workspace_id, TG_ARGV[0], w.word, n.updated_at, n.id
    FROM new_rows n CROSS JOIN LATERAL (
      SELECT DISTINCT u AS word FROM regexp_split_to_table(n.search_text, '[0-9 ]+') u
      WHERE length(u) > 1) w
    WHERE n.deleted_at IS NULL AND n.search_text IS NOT NULL
    ORDER BY 1, 3, 4, 5;
  END IF;
  INSERT INTO search_dictionary (workspace_id, record_type, word)
  SELECT DISTINCT n.workspace_id, TG_ARGV[0], u
  FROM new_rows n CROSS JOIN LATERAL regexp_split_to_table(n.search_text, '[0-9 ]+') u
  WHERE n.deleted_at IS NULL AND length(u) > 1
  ORDER BY 1, 3
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_words_rebuild(record_type text, source regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM search_words WHERE record_type = %L', record_type);
  EXECUTE format(
    'INSERT INTO search_words (workspace_id, record_type, word, updated_at, record_id)
     SELECT r.workspace_id, %L, w, r.updated_at, r.id
     FROM %s r CROSS JOIN LATERAL (
       SELECT DISTINCT u AS w FROM regexp_split_to_table(r.search_text, ''[0-9 ]+'') u
       WHERE length(u) > 1) words
     WHERE r.deleted_at IS NULL AND r.search_text IS NOT NULL',
    record_type, source);
  EXECUTE format(
    'INSERT INTO search_dictionary (workspace_id, record_type, word)
     SELECT DISTINCT workspace_id, record_type, word FROM search_words
     WHERE record_type = %L
     ON CONFLICT DO NOTHING',
    record_type);
END
$$;

-- Existing words with digits become their letter runs (the record keeps its updated_at).
WITH gone AS (
  DELETE FROM search_words WHERE word ~ '[0-9]'
  RETURNING workspace_id, record_type, word, updated_at, record_id
)
INSERT INTO search_words (workspace_id, record_type, word, updated_at, record_id)
SELECT DISTINCT g.workspace_id, g.record_type, r, g.updated_at, g.record_id
FROM gone g CROSS JOIN LATERAL regexp_split_to_table(g.word, '[0-9]+') r
WHERE length(r) > 1
ON CONFLICT DO NOTHING;

WITH gone AS (
  DELETE FROM search_dictionary WHERE word ~ '[0-9]' RETURNING workspace_id, record_type, word
)
INSERT INTO search_dictionary (workspace_id, record_type, word)
SELECT DISTINCT g.workspace_id, g.record_type, r
FROM gone g CROSS JOIN LATERAL regexp_split_to_table(g.word, '[0-9]+') r
WHERE length(r) > 1
ON CONFLICT DO NOTHING;
