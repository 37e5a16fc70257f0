-- Telephony (issue 11): PBX calls, agent extensions, settings, and the stored results of the
-- screen-pop prediction job (repeat purchases, co-purchase rules).

CREATE TABLE telephony_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id),
  -- When set, every PBX event must carry X-Odnos-Signature: sha256=HMAC(secret, raw body).
  signing_secret text,
  -- Click-to-call: POSTed (HMAC-signed with signing_secret when set) to ask the PBX to dial.
  click_to_call_url text,
  -- A missed inbound call becomes a call-back task due within this many minutes.
  callback_sla_minutes integer NOT NULL DEFAULT 60,
  -- Who gets the call-back task when the call reached no known agent (the "team" queue owner).
  callback_user_id uuid,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE telephony_agents (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  extension text NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX telephony_agents_extension_key ON telephony_agents (workspace_id, extension);

CREATE TABLE calls (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  -- The PBX's call id: events are merged by it (idempotent, any order).
  external_id text NOT NULL,
  direction text NOT NULL,
  from_number text NOT NULL,
  to_number text NOT NULL,
  -- The other party's number in E.164 when it could be normalized, else as received.
  customer_number text NOT NULL,
  extension text,
  agent_id uuid,
  status text NOT NULL,
  ringing_at timestamptz(3),
  answered_at timestamptz(3),
  ended_at timestamptz(3),
  missed_at timestamptz(3),
  started_at timestamptz(3) NOT NULL,
  duration_sec integer,
  recording_url text,
  -- The records the number matched when the call started: [{type, id}] (capped).
  matches jsonb NOT NULL DEFAULT '[]'::jsonb,
  match_count integer NOT NULL DEFAULT 0,
  -- The timeline activities written for this call: [{type, id, activityId}].
  activities jsonb NOT NULL DEFAULT '[]'::jsonb,
  lead_id uuid,
  task_id uuid,
  callback_due_at timestamptz(3),
  note text,
  events text[] NOT NULL DEFAULT '{}'::text[],
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX calls_external_key ON calls (workspace_id, external_id);
CREATE INDEX calls_started_idx ON calls (workspace_id, started_at DESC, id DESC);
CREATE INDEX calls_number_idx ON calls (workspace_id, customer_number, started_at DESC);
CREATE INDEX calls_agent_idx ON calls (workspace_id, agent_id, started_at DESC) WHERE agent_id IS NOT NULL;

-- Output of the prediction job: products a customer buys repeatedly, with the expected next date.
CREATE TABLE purchase_predictions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  customer_type text NOT NULL,
  customer_id uuid NOT NULL,
  product_id uuid NOT NULL,
  product_name text NOT NULL,
  purchases integer NOT NULL,
  interval_days numeric NOT NULL,
  last_at date NOT NULL,
  next_at date NOT NULL,
  regularity numeric NOT NULL,
  computed_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, customer_type, customer_id, product_id)
);

-- Output of the recommendation job: item-to-item co-purchase rules (antecedent → consequent).
CREATE TABLE product_associations (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  product_id uuid NOT NULL,
  other_product_id uuid NOT NULL,
  other_product_name text NOT NULL,
  customers integer NOT NULL,
  support numeric NOT NULL,
  confidence numeric NOT NULL,
  lift numeric NOT NULL,
  computed_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, product_id, other_product_id)
);
CREATE INDEX product_associations_rank_idx ON product_associations (workspace_id, product_id, confidence DESC);
