-- Foundation: workspaces, users and sign-in, custom fields, contacts, companies, leads, timeline,
-- audit. Every tenant table is keyed by (workspace_id, id) and its foreign keys carry workspace_id.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  locale text NOT NULL,
  currency text NOT NULL,
  country text NOT NULL,
  timezone text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE users (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL,
  locale text NOT NULL,
  timezone text,
  active boolean NOT NULL DEFAULT true,
  last_login_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
-- One person, one sign-in: an email address identifies a user across the installation.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_idx ON sessions (workspace_id, user_id);

CREATE TABLE api_keys (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  name text NOT NULL,
  key_hash text NOT NULL,
  prefix text NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_used_at timestamptz(3),
  revoked_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash);

CREATE TABLE field_definitions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  object text NOT NULL,
  key text NOT NULL,
  type text NOT NULL,
  label jsonb NOT NULL,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  required boolean NOT NULL DEFAULT false,
  hidden boolean NOT NULL DEFAULT false,
  searchable boolean NOT NULL DEFAULT false,
  position integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX field_definitions_key ON field_definitions (workspace_id, object, key)
  WHERE deleted_at IS NULL;

CREATE TABLE companies (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  owner_id uuid,
  tags text[] NOT NULL DEFAULT '{}'::text[],
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz(3),
  name text NOT NULL,
  legal_name text,
  vat_id text,
  registration_number text,
  kinds text[] NOT NULL DEFAULT '{customer}'::text[],
  emails jsonb NOT NULL DEFAULT '[]'::jsonb,
  phones jsonb NOT NULL DEFAULT '[]'::jsonb,
  addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
  website text,
  industry text,
  parent_id uuid,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, parent_id) REFERENCES companies (workspace_id, id)
);

CREATE TABLE contacts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  owner_id uuid,
  tags text[] NOT NULL DEFAULT '{}'::text[],
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz(3),
  first_name text NOT NULL DEFAULT '',
  last_name text NOT NULL DEFAULT '',
  job_title text,
  emails jsonb NOT NULL DEFAULT '[]'::jsonb,
  phones jsonb NOT NULL DEFAULT '[]'::jsonb,
  addresses jsonb NOT NULL DEFAULT '[]'::jsonb,
  birthday date,
  locale text,
  company_id uuid,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id)
);

CREATE TABLE leads (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  owner_id uuid,
  tags text[] NOT NULL DEFAULT '{}'::text[],
  custom jsonb NOT NULL DEFAULT '{}'::jsonb,
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz(3),
  name text NOT NULL DEFAULT '',
  company_name text,
  email text,
  phone text,
  source text NOT NULL,
  message text,
  utm_source text,
  utm_medium text,
  utm_campaign text,
  utm_term text,
  utm_content text,
  status text NOT NULL DEFAULT 'new',
  disqualify_reason text,
  converted_at timestamptz(3),
  converted_contact_id uuid,
  converted_company_id uuid,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, converted_contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, converted_company_id) REFERENCES companies (workspace_id, id)
);

-- List indexes: live rows only, keyed for keyset pagination on the usual sorts.
CREATE INDEX contacts_created_idx ON contacts (workspace_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX contacts_updated_idx ON contacts (workspace_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX contacts_last_name_idx ON contacts (workspace_id, last_name, id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_owner_idx ON contacts (workspace_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX contacts_company_idx ON contacts (workspace_id, company_id) WHERE deleted_at IS NULL;
CREATE INDEX contacts_deleted_idx ON contacts (workspace_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
CREATE INDEX contacts_search_idx ON contacts USING gin (workspace_id, search_text gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX contacts_custom_idx ON contacts USING gin (custom jsonb_path_ops);
CREATE INDEX contacts_tags_idx ON contacts USING gin (workspace_id, tags);

CREATE INDEX companies_created_idx ON companies (workspace_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX companies_updated_idx ON companies (workspace_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX companies_name_idx ON companies (workspace_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX companies_owner_idx ON companies (workspace_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX companies_parent_idx ON companies (workspace_id, parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX companies_vat_idx ON companies (workspace_id, vat_id) WHERE vat_id IS NOT NULL;
CREATE INDEX companies_deleted_idx ON companies (workspace_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
CREATE INDEX companies_search_idx ON companies USING gin (workspace_id, search_text gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX companies_custom_idx ON companies USING gin (custom jsonb_path_ops);
CREATE INDEX companies_tags_idx ON companies USING gin (workspace_id, tags);

CREATE INDEX leads_created_idx ON leads (workspace_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_updated_idx ON leads (workspace_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_status_idx ON leads (workspace_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_owner_idx ON leads (workspace_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX leads_deleted_idx ON leads (workspace_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
CREATE INDEX leads_search_idx ON leads USING gin (workspace_id, search_text gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX leads_custom_idx ON leads USING gin (custom jsonb_path_ops);
CREATE INDEX leads_tags_idx ON leads USING gin (workspace_id, tags);

CREATE TABLE contact_points (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  national text,
  PRIMARY KEY (workspace_id, record_type, record_id, kind, value)
);
CREATE INDEX contact_points_value_idx ON contact_points (workspace_id, kind, value);
CREATE INDEX contact_points_national_idx ON contact_points (workspace_id, national) WHERE national IS NOT NULL;

CREATE TABLE activities (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  record_type text NOT NULL,
  record_id uuid NOT NULL,
  kind text NOT NULL,
  body text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  actor_id uuid,
  occurred_at timestamptz(3) NOT NULL DEFAULT now(),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX activities_record_idx ON activities (workspace_id, record_type, record_id, occurred_at DESC, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE audit_events (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  at timestamptz(3) NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_type text NOT NULL,
  action text NOT NULL,
  object text NOT NULL,
  record_id uuid,
  changes jsonb,
  ip text,
  user_agent text,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX audit_events_record_idx ON audit_events (workspace_id, record_id, at DESC, id DESC) WHERE record_id IS NOT NULL;
CREATE INDEX audit_events_at_idx ON audit_events (workspace_id, at DESC, id DESC);

CREATE TABLE saved_views (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  object text NOT NULL,
  name text NOT NULL,
  config jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX saved_views_user_idx ON saved_views (workspace_id, user_id, object, position);

CREATE TABLE idempotency_keys (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  key text NOT NULL,
  route text NOT NULL,
  status integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, key, route)
);
