-- Billing (issue 7): quotes, proforma invoices, invoices, credit notes and orders; their lines;
-- gap-free numbering; payments and their allocation to invoices; bank statement lines;
-- document templates; per-customer credit terms.

CREATE TABLE billing_documents (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('quote', 'proforma', 'invoice', 'credit_note', 'order')),
  status text NOT NULL DEFAULT 'draft',
  series text NOT NULL DEFAULT '',
  number text,
  number_year integer,
  number_seq integer,
  customer_type text NOT NULL CHECK (customer_type IN ('contacts', 'companies')),
  customer_id uuid NOT NULL,
  customer_name text NOT NULL,
  customer_details jsonb NOT NULL DEFAULT '{}'::jsonb,
  language text NOT NULL,
  currency text NOT NULL,
  issue_date date,
  due_date date,
  delivery_date date,
  valid_until date,
  place_of_issue text,
  notes text,
  payment_terms_days integer,
  net_total bigint NOT NULL DEFAULT 0,
  vat_total bigint NOT NULL DEFAULT 0,
  gross_total bigint NOT NULL DEFAULT 0,
  paid_total bigint NOT NULL DEFAULT 0,
  vat_breakdown jsonb NOT NULL DEFAULT '[]'::jsonb,
  status_dates jsonb NOT NULL DEFAULT '{}'::jsonb,
  source_id uuid,
  deal_id uuid,
  owner_id uuid,
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, source_id) REFERENCES billing_documents (workspace_id, id)
);
-- No duplicates, ever: one number per workspace, type, series and year.
CREATE UNIQUE INDEX billing_documents_number_idx
  ON billing_documents (workspace_id, type, series, number_year, number_seq)
  WHERE number_seq IS NOT NULL;
CREATE INDEX billing_documents_customer_idx
  ON billing_documents (workspace_id, customer_type, customer_id, type, issue_date)
  WHERE deleted_at IS NULL;
CREATE INDEX billing_documents_created_idx
  ON billing_documents (workspace_id, type, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX billing_documents_issue_idx
  ON billing_documents (workspace_id, issue_date, id) WHERE number_seq IS NOT NULL;
CREATE INDEX billing_documents_search_idx
  ON billing_documents USING gin (workspace_id, search_text gin_trgm_ops) WHERE deleted_at IS NULL;

CREATE TABLE billing_document_lines (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  document_id uuid NOT NULL,
  position integer NOT NULL,
  product_id uuid,
  description text NOT NULL,
  quantity numeric(14, 3) NOT NULL,
  unit text NOT NULL DEFAULT '',
  unit_price bigint NOT NULL,
  unit_cost bigint,
  discount_percent numeric(5, 2) NOT NULL DEFAULT 0,
  vat_rate numeric(5, 2) NOT NULL DEFAULT 0,
  net bigint NOT NULL,
  vat bigint NOT NULL,
  gross bigint NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, document_id) REFERENCES billing_documents (workspace_id, id)
);
CREATE INDEX billing_document_lines_document_idx
  ON billing_document_lines (workspace_id, document_id, position);

-- The last number given per workspace, type, series and year. Issuing increments it with an
-- UPSERT inside the issuing transaction: the row lock serializes concurrent issuers and a rolled
-- back issue gives its number back, so numbers have neither gaps nor duplicates.
CREATE TABLE billing_sequences (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  type text NOT NULL,
  series text NOT NULL,
  year integer NOT NULL,
  last_number integer NOT NULL,
  PRIMARY KEY (workspace_id, type, series, year)
);

CREATE TABLE billing_payments (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  customer_type text NOT NULL,
  customer_id uuid NOT NULL,
  paid_on date NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  method text NOT NULL,
  reference text,
  notes text,
  unallocated bigint NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  created_by uuid,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX billing_payments_customer_idx
  ON billing_payments (workspace_id, customer_type, customer_id, paid_on);
CREATE INDEX billing_payments_date_idx ON billing_payments (workspace_id, paid_on DESC, id DESC);

CREATE TABLE billing_payment_allocations (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  payment_id uuid NOT NULL,
  document_id uuid NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, payment_id) REFERENCES billing_payments (workspace_id, id),
  FOREIGN KEY (workspace_id, document_id) REFERENCES billing_documents (workspace_id, id)
);
CREATE INDEX billing_payment_allocations_document_idx
  ON billing_payment_allocations (workspace_id, document_id);
CREATE INDEX billing_payment_allocations_payment_idx
  ON billing_payment_allocations (workspace_id, payment_id);

CREATE TABLE billing_bank_lines (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  import_id uuid NOT NULL,
  file_name text NOT NULL,
  row_number integer NOT NULL,
  booked_on date NOT NULL,
  amount bigint NOT NULL,
  currency text NOT NULL,
  reference text,
  counterparty text,
  description text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'ignored')),
  payment_id uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX billing_bank_lines_import_idx ON billing_bank_lines (workspace_id, import_id, row_number);
CREATE INDEX billing_bank_lines_open_idx ON billing_bank_lines (workspace_id, status, booked_on);

CREATE TABLE billing_templates (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  type text NOT NULL,
  language text NOT NULL,
  company_block text NOT NULL DEFAULT '',
  intro text NOT NULL DEFAULT '',
  footer text NOT NULL DEFAULT '',
  bank_accounts text NOT NULL DEFAULT '',
  logo text,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_by uuid,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX billing_templates_type_language_idx
  ON billing_templates (workspace_id, type, language);

CREATE TABLE billing_customer_terms (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  customer_type text NOT NULL,
  customer_id uuid NOT NULL,
  payment_terms_days integer NOT NULL DEFAULT 15,
  credit_limit bigint,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, customer_type, customer_id)
);
