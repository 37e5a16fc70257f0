-- Access levels (issue 9): roles with per-object scopes and field permissions, teams in a tree,
-- record sharing, workspace security policy, two-factor sign-in, lock-out, revocable sessions.
CREATE TABLE roles (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  key text NOT NULL,
  name text NOT NULL,
  description text,
  is_admin boolean NOT NULL DEFAULT false,
  is_default boolean NOT NULL DEFAULT false,
  permissions jsonb NOT NULL DEFAULT '{}'::jsonb,
  field_permissions jsonb NOT NULL DEFAULT '{}'::jsonb,
  require_2fa boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX roles_key ON roles (workspace_id, key);

ALTER TABLE users ADD COLUMN role_id uuid;
ALTER TABLE users ADD COLUMN deputy_id uuid;
ALTER TABLE users ADD COLUMN password_changed_at timestamptz(3) NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until timestamptz(3);
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz(3);
-- The last accepted TOTP time step: a code is accepted once (no replay within its window).
ALTER TABLE users ADD COLUMN totp_last_step bigint;
-- SHA-256 of the unused recovery codes.
ALTER TABLE users ADD COLUMN recovery_codes text[] NOT NULL DEFAULT '{}'::text[];
ALTER TABLE users ADD CONSTRAINT users_role_fk FOREIGN KEY (workspace_id, role_id) REFERENCES roles (workspace_id, id);
ALTER TABLE users ADD CONSTRAINT users_deputy_fk FOREIGN KEY (workspace_id, deputy_id) REFERENCES users (workspace_id, id);
CREATE INDEX users_role_idx ON users (workspace_id, role_id);

CREATE TABLE teams (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  parent_id uuid,
  manager_id uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, parent_id) REFERENCES teams (workspace_id, id),
  FOREIGN KEY (workspace_id, manager_id) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX teams_name_key ON teams (workspace_id, parent_id, lower(name));
CREATE INDEX teams_parent_idx ON teams (workspace_id, parent_id);

CREATE TABLE team_members (
  workspace_id uuid NOT NULL,
  team_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, team_id, user_id),
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX team_members_user_idx ON team_members (workspace_id, user_id);

-- One record shared beyond the role's rule with a user or a team (and its sub-teams).
CREATE TABLE record_shares (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  object text NOT NULL,
  record_id uuid NOT NULL,
  user_id uuid,
  team_id uuid,
  access text NOT NULL DEFAULT 'read',
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, team_id) REFERENCES teams (workspace_id, id) ON DELETE CASCADE,
  CHECK ((user_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX record_shares_key ON record_shares (workspace_id, object, record_id, coalesce(user_id, team_id));
CREATE INDEX record_shares_user_idx ON record_shares (workspace_id, object, user_id, record_id) WHERE user_id IS NOT NULL;
CREATE INDEX record_shares_team_idx ON record_shares (workspace_id, object, team_id, record_id) WHERE team_id IS NOT NULL;

CREATE TABLE workspace_security (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id),
  password_min_length integer NOT NULL DEFAULT 10,
  password_block_common boolean NOT NULL DEFAULT true,
  password_expiry_days integer,
  lockout_threshold integer NOT NULL DEFAULT 5,
  lockout_minutes integer NOT NULL DEFAULT 15,
  audit_retention_days integer,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Sessions get a public id (the token hash stays secret) so a user can list and revoke them.
ALTER TABLE sessions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX sessions_id_key ON sessions (id);

CREATE INDEX audit_events_actor_idx ON audit_events (workspace_id, actor_id, at DESC, id DESC);
