-- contacts_company_idx (workspace_id, company_id) WHERE deleted_at IS NULL duplicated
-- contacts_company_fk_idx (workspace_id, company_id) WHERE company_id IS NOT NULL, which answers
-- every "contacts of this organization" query (`company_id = $1` implies it is not null) and
-- the foreign key's checks. One index fewer to write per contact created or moved.
DROP INDEX IF EXISTS contacts_company_idx;
