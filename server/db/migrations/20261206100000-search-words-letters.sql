-- The words index keeps only words a one-word query can reach: a query word has at least two
-- characters and a letter (`singleWord`: digits go to the phone and search_text paths), so an
-- exact or prefix match never lands on a pure number (the digit forms of phones, house
-- numbers) or a one-letter word ("d o o"). Those were about half of the rows, and every write
-- of a record paid for them.
--
-- The words are computed once per row (plain expressions: a SQL function called from the
-- trigger would be parsed again at every call).
CREATE OR REPLACE FUNCTION search_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  words text[];
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL AND OLD.search_text IS NOT NULL THEN
    DELETE FROM search_words
    WHERE workspace_id = OLD.workspace_id AND record_type = TG_ARGV[0]
      AND word = ANY (string_to_array(OLD.search_text, ' ')) AND updated_at = OLD.updated_at
      AND record_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL AND NEW.search_text IS NOT NULL THEN
    words := ARRAY(
      SELECT DISTINCT w FROM unnest(string_to_array(NEW.search_text, ' ')) w
      WHERE length(w) > 1 AND w ~ '[^0-9]');
    INSERT INTO search_words (workspace_id, record_type, word, updated_at, record_id)
    SELECT NEW.workspace_id, TG_ARGV[0], w, NEW.updated_at, NEW.id FROM unnest(words) w;
    INSERT INTO search_dictionary (workspace_id, record_type, word)
    SELECT NEW.workspace_id, TG_ARGV[0], w FROM unnest(words) w
    ON CONFLICT DO NOTHING;
  END IF;
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
       SELECT DISTINCT u AS w FROM unnest(string_to_array(r.search_text, '' '')) u
       WHERE length(u) > 1 AND u ~ ''[^0-9]'') words
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

DELETE FROM search_words WHERE length(word) < 2 OR word !~ '[^0-9]';
DELETE FROM search_dictionary WHERE length(word) < 2;
