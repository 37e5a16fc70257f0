-- Sales catalog (issue 6): VAT rates per workspace, products and services, price lists,
-- per-customer discounts, exchange rates. Money is bigint minor units + ISO currency; rates and
-- quantities are numeric. Billing (issue 7) builds invoices on `products` and `vat_rates`.

-- Defaults a feature created for a workspace once (so an administrator's later deletions stick).
CREATE TABLE feature_seeds (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  name text NOT NULL,
  seeded_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, name)
);

CREATE TABLE vat_rates (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  -- percent, e.g. 22.000 or 9.500
  rate numeric(6, 3) NOT NULL CHECK (rate >= 0 AND rate < 100),
  -- standard | reduced | super_reduced | zero | exempt
  kind text NOT NULL,
  country text,
  is_default boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE products (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  sku text NOT NULL,
  -- name per language: {"en": "...", "sl": "..."}
  name jsonb NOT NULL,
  description text,
  -- product | service
  kind text NOT NULL DEFAULT 'product',
  unit text NOT NULL DEFAULT 'pcs',
  category text,
  -- default unit price, net of VAT, minor units of `currency`
  price bigint NOT NULL DEFAULT 0 CHECK (price >= 0),
  currency text NOT NULL,
  vat_rate_id uuid,
  -- unit cost (minor units of `currency`), for margins
  cost_price bigint CHECK (cost_price >= 0),
  active boolean NOT NULL DEFAULT true,
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  created_by uuid,
  updated_by uuid,
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, vat_rate_id) REFERENCES vat_rates (workspace_id, id)
);
CREATE UNIQUE INDEX products_sku_key ON products (workspace_id, lower(sku)) WHERE deleted_at IS NULL;
CREATE INDEX products_search_idx ON products USING gin (workspace_id, search_text gin_trgm_ops);

CREATE TABLE price_lists (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  currency text NOT NULL,
  -- customers carrying this tag (company or contact) get the list; NULL = every customer
  customer_group text,
  valid_from date,
  valid_to date,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);

CREATE TABLE price_list_items (
  workspace_id uuid NOT NULL,
  price_list_id uuid NOT NULL,
  product_id uuid NOT NULL,
  price bigint NOT NULL CHECK (price >= 0),
  PRIMARY KEY (workspace_id, price_list_id, product_id),
  FOREIGN KEY (workspace_id, price_list_id) REFERENCES price_lists (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, product_id) REFERENCES products (workspace_id, id)
);

CREATE TABLE customer_discounts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  company_id uuid,
  contact_id uuid,
  -- both NULL: the whole catalog; product wins over category wins over catalog
  product_id uuid,
  category text,
  percent numeric(5, 2) NOT NULL CHECK (percent > 0 AND percent <= 100),
  valid_from date,
  valid_to date,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  CHECK (company_id IS NOT NULL OR contact_id IS NOT NULL),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, product_id) REFERENCES products (workspace_id, id)
);
CREATE INDEX customer_discounts_company_idx ON customer_discounts (workspace_id, company_id);
CREATE INDEX customer_discounts_contact_idx ON customer_discounts (workspace_id, contact_id);

-- Units of the workspace currency for one unit of `currency`, valid from `valid_on`.
CREATE TABLE exchange_rates (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  currency text NOT NULL,
  valid_on date NOT NULL,
  rate numeric(18, 8) NOT NULL CHECK (rate > 0),
  source text NOT NULL DEFAULT 'manual',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, currency, valid_on)
);
