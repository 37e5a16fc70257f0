-- Sales pipeline (issue 6): pipelines with ordered stages, lost reasons, deals with line items and
-- the stage history that feeds the funnel report. Money is bigint minor units + ISO currency.
-- Other features reference `deals` (billing: invoice from a deal; telephony: open deals in the
-- screen pop; search) — its column names are stable.

CREATE TABLE pipelines (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  -- name per language: {"en": "New sales", "sl": "Nova prodaja"}
  name jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE pipeline_stages (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  name jsonb NOT NULL,
  -- open | won | lost (won/lost are the final stages)
  kind text NOT NULL DEFAULT 'open' CHECK (kind IN ('open', 'won', 'lost')),
  probability integer NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
  color text NOT NULL DEFAULT 'blue',
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  -- lets deals reference (pipeline, stage) together: a deal's stage is always of its pipeline
  UNIQUE (workspace_id, pipeline_id, id),
  FOREIGN KEY (workspace_id, pipeline_id) REFERENCES pipelines (workspace_id, id)
);

CREATE TABLE lost_reasons (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name jsonb NOT NULL,
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);

CREATE TABLE deals (
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
  title text NOT NULL,
  contact_id uuid,
  company_id uuid,
  pipeline_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  -- minor units of `currency`; with line items it is their net total (computed on the server)
  amount bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency text NOT NULL,
  -- NULL: the stage's probability
  probability integer CHECK (probability BETWEEN 0 AND 100),
  expected_close_date date,
  -- open | won | lost, follows the kind of the stage
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  closed_at timestamptz(3),
  lost_reason_id uuid,
  lost_note text,
  source text,
  campaign text,
  stage_entered_at timestamptz(3) NOT NULL DEFAULT now(),
  -- when the deal entered its current pipeline: the cohort of the funnel report
  pipeline_entered_at timestamptz(3) NOT NULL DEFAULT now(),
  -- order of the cards in a board column (ascending)
  board_position double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, contact_id) REFERENCES contacts (workspace_id, id),
  FOREIGN KEY (workspace_id, company_id) REFERENCES companies (workspace_id, id),
  FOREIGN KEY (workspace_id, pipeline_id, stage_id) REFERENCES pipeline_stages (workspace_id, pipeline_id, id),
  FOREIGN KEY (workspace_id, lost_reason_id) REFERENCES lost_reasons (workspace_id, id)
);
-- The kanban board: open deals of a pipeline, column by column, in card order; the included
-- columns let the column totals come from the index alone.
CREATE INDEX deals_board_idx ON deals (workspace_id, pipeline_id, stage_id, board_position, id)
  INCLUDE (currency, amount) WHERE deleted_at IS NULL AND status = 'open';
CREATE INDEX deals_funnel_idx ON deals (workspace_id, pipeline_id, pipeline_entered_at)
  WHERE deleted_at IS NULL;
CREATE INDEX deals_created_idx ON deals (workspace_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX deals_updated_idx ON deals (workspace_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX deals_owner_idx ON deals (workspace_id, owner_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX deals_stage_idx ON deals (workspace_id, stage_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX deals_close_idx ON deals (workspace_id, expected_close_date, id) WHERE deleted_at IS NULL;
CREATE INDEX deals_company_idx ON deals (workspace_id, company_id) WHERE deleted_at IS NULL;
CREATE INDEX deals_contact_idx ON deals (workspace_id, contact_id) WHERE deleted_at IS NULL;
CREATE INDEX deals_deleted_idx ON deals (workspace_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
CREATE INDEX deals_search_idx ON deals USING gin (workspace_id, search_text gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX deals_custom_idx ON deals USING gin (custom jsonb_path_ops);
CREATE INDEX deals_tags_idx ON deals USING gin (workspace_id, tags);

CREATE TABLE deal_lines (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  deal_id uuid NOT NULL,
  position integer NOT NULL,
  product_id uuid,
  description text NOT NULL,
  quantity numeric(14, 4) NOT NULL CHECK (quantity > 0),
  unit text,
  -- minor units of the deal's currency, net of VAT
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  discount_percent numeric(6, 3) NOT NULL DEFAULT 0 CHECK (discount_percent BETWEEN 0 AND 100),
  vat_rate_id uuid,
  -- percent at the time of the line (the rate may change later)
  vat_rate numeric(6, 3) NOT NULL DEFAULT 0,
  net bigint NOT NULL,
  vat bigint NOT NULL,
  gross bigint NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, product_id) REFERENCES products (workspace_id, id),
  FOREIGN KEY (workspace_id, vat_rate_id) REFERENCES vat_rates (workspace_id, id)
);
CREATE INDEX deal_lines_deal_idx ON deal_lines (workspace_id, deal_id, position);
CREATE INDEX deal_lines_product_idx ON deal_lines (workspace_id, product_id) WHERE product_id IS NOT NULL;

-- One row per stage a deal entered (written in the transaction of the move); `left_at` is set
-- when it moves on, so time in stage needs no self-join.
CREATE TABLE deal_stage_history (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  deal_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  -- NULL when the deal was created (or entered this pipeline from another one)
  from_stage_id uuid,
  to_stage_id uuid NOT NULL,
  at timestamptz(3) NOT NULL DEFAULT now(),
  left_at timestamptz(3),
  actor_id uuid,
  owner_id uuid,
  amount bigint NOT NULL,
  currency text NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, deal_id) REFERENCES deals (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX deal_stage_history_deal_idx ON deal_stage_history (workspace_id, deal_id, at, id);
CREATE INDEX deal_stage_history_pipeline_idx ON deal_stage_history (workspace_id, pipeline_id, at);
