-- The words of every searchable record's search_text, one row per (record, word), ordered by
-- word and then by the record's last change — so the global search answers "records with the
-- word X (or a word starting with X), most recently changed first" from an index scan that
-- stops at LIMIT, however many records carry the word (a common surname matches thousands).
-- search_dictionary holds the distinct words per workspace and type (not pure numbers: phones
-- have their own path) with a trigram index, for typos: a misspelt word finds the few similar
-- dictionary words, and those are looked up exactly. The dictionary only grows; a word no record
-- carries any more just finds nothing.
--
-- Both are maintained by triggers in the writing transaction, whatever the path (services,
-- imports, merges, COPY loaders), from search_text itself: nothing else has to remember them.
-- Only live records (deleted_at IS NULL) have words.
CREATE TABLE search_words (
  workspace_id uuid NOT NULL,
  record_type text NOT NULL,
  word text NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  record_id uuid NOT NULL
);

CREATE TABLE search_dictionary (
  workspace_id uuid NOT NULL,
  record_type text NOT NULL,
  word text NOT NULL
);

CREATE FUNCTION search_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL AND OLD.search_text IS NOT NULL THEN
    DELETE FROM search_words
    WHERE workspace_id = OLD.workspace_id AND record_type = TG_ARGV[0]
      AND word = ANY (string_to_array(OLD.search_text, ' ')) AND updated_at = OLD.updated_at
      AND record_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL AND NEW.search_text IS NOT NULL THEN
    INSERT INTO search_words (workspace_id, record_type, word, updated_at, record_id)
    SELECT DISTINCT NEW.workspace_id, TG_ARGV[0], w, NEW.updated_at, NEW.id
    FROM unnest(string_to_array(NEW.search_text, ' ')) w
    WHERE w <> '';
    INSERT INTO search_dictionary (workspace_id, record_type, word)
    SELECT DISTINCT NEW.workspace_id, TG_ARGV[0], w
    FROM unnest(string_to_array(NEW.search_text, ' ')) w
    WHERE w ~ '[^0-9]'
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

-- Fills both tables from one searchable table's rows (this migration's backfill; bench loaders
-- that insert with the triggers disabled call it afterwards).
CREATE FUNCTION search_words_rebuild(record_type text, source regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM search_words WHERE record_type = %L', record_type);
  EXECUTE format(
    'INSERT INTO search_words (workspace_id, record_type, word, updated_at, record_id)
     SELECT r.workspace_id, %L, w.word, r.updated_at, r.id
     FROM %s r CROSS JOIN LATERAL (
       SELECT DISTINCT u AS word FROM unnest(string_to_array(r.search_text, '' '')) u
       WHERE u <> '''') w
     WHERE r.deleted_at IS NULL AND r.search_text IS NOT NULL',
    record_type, source);
  EXECUTE format(
    'INSERT INTO search_dictionary (workspace_id, record_type, word)
     SELECT DISTINCT workspace_id, record_type, word FROM search_words
     WHERE record_type = %L AND word ~ ''[^0-9]''
     ON CONFLICT DO NOTHING',
    record_type);
END
$$;

-- Triggers first: they lock out writers until this transaction commits, so no write falls
-- between the backfill and the triggers.
CREATE TRIGGER contacts_search_words AFTER INSERT OR DELETE ON contacts
  FOR EACH ROW EXECUTE FUNCTION search_words_sync('contacts');
CREATE TRIGGER contacts_search_words_update AFTER UPDATE ON contacts
  FOR EACH ROW
  WHEN ((OLD.search_text, OLD.updated_at, OLD.deleted_at, OLD.id, OLD.workspace_id)
        IS DISTINCT FROM (NEW.search_text, NEW.updated_at, NEW.deleted_at, NEW.id, NEW.workspace_id))
  EXECUTE FUNCTION search_words_sync('contacts');
CREATE TRIGGER companies_search_words AFTER INSERT OR DELETE ON companies
  FOR EACH ROW EXECUTE FUNCTION search_words_sync('companies');
CREATE TRIGGER companies_search_words_update AFTER UPDATE ON companies
  FOR EACH ROW
  WHEN ((OLD.search_text, OLD.updated_at, OLD.deleted_at, OLD.id, OLD.workspace_id)
        IS DISTINCT FROM (NEW.search_text, NEW.updated_at, NEW.deleted_at, NEW.id, NEW.workspace_id))
  EXECUTE FUNCTION search_words_sync('companies');
CREATE TRIGGER leads_search_words AFTER INSERT OR DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION search_words_sync('leads');
CREATE TRIGGER leads_search_words_update AFTER UPDATE ON leads
  FOR EACH ROW
  WHEN ((OLD.search_text, OLD.updated_at, OLD.deleted_at, OLD.id, OLD.workspace_id)
        IS DISTINCT FROM (NEW.search_text, NEW.updated_at, NEW.deleted_at, NEW.id, NEW.workspace_id))
  EXECUTE FUNCTION search_words_sync('leads');
CREATE TRIGGER deals_search_words AFTER INSERT OR DELETE ON deals
  FOR EACH ROW EXECUTE FUNCTION search_words_sync('deals');
CREATE TRIGGER deals_search_words_update AFTER UPDATE ON deals
  FOR EACH ROW
  WHEN ((OLD.search_text, OLD.updated_at, OLD.deleted_at, OLD.id, OLD.workspace_id)
        IS DISTINCT FROM (NEW.search_text, NEW.updated_at, NEW.deleted_at, NEW.id, NEW.workspace_id))
  EXECUTE FUNCTION search_words_sync('deals');

-- Backfill before the indexes (one bulk build instead of row-by-row inserts), except the
-- dictionary's unique index, which its ON CONFLICT needs.
CREATE UNIQUE INDEX search_dictionary_word_idx
  ON search_dictionary (workspace_id, record_type, word text_pattern_ops);
SELECT search_words_rebuild('contacts', 'contacts');
SELECT search_words_rebuild('companies', 'companies');
SELECT search_words_rebuild('leads', 'leads');
SELECT search_words_rebuild('deals', 'deals');

-- Equality and prefix (LIKE 'x%') on word in any collation (text_pattern_ops), then the newest
-- first within a word (a backward scan of updated_at, record_id).
CREATE UNIQUE INDEX search_words_word_idx
  ON search_words (workspace_id, record_type, word text_pattern_ops, updated_at, record_id);
CREATE INDEX search_dictionary_trgm_idx
  ON search_dictionary USING gin (workspace_id, record_type, word gin_trgm_ops);
ANALYZE search_words;
ANALYZE search_dictionary;
