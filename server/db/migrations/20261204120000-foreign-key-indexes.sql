-- Indexes for foreign keys whose only index was partial (`WHERE deleted_at IS NULL`), which the
-- database cannot use to check a referencing row: hard deletes of contacts and organizations
-- (undoing an import, merging duplicates) scanned all deals, leads and contacts per deleted row —
-- undoing a 100,000-row import took longer than importing it. `col IS NOT NULL` keeps them small;
-- the checks' `col = $1` implies it.
CREATE INDEX contacts_company_fk_idx ON contacts (workspace_id, company_id)
  WHERE company_id IS NOT NULL;
CREATE INDEX companies_parent_fk_idx ON companies (workspace_id, parent_id)
  WHERE parent_id IS NOT NULL;
CREATE INDEX leads_converted_contact_fk_idx ON leads (workspace_id, converted_contact_id)
  WHERE converted_contact_id IS NOT NULL;
CREATE INDEX leads_converted_company_fk_idx ON leads (workspace_id, converted_company_id)
  WHERE converted_company_id IS NOT NULL;
DROP INDEX deals_contact_idx;
DROP INDEX deals_company_idx;
CREATE INDEX deals_contact_idx ON deals (workspace_id, contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX deals_company_idx ON deals (workspace_id, company_id) WHERE company_id IS NOT NULL;
