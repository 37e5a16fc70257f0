-- SMTP settings per workspace (issue 8): when a workspace has a row, its outbox is delivered
-- through this server; otherwise through ODNOS_SMTP_URL / ODNOS_MAIL_FROM.
CREATE TABLE mail_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id),
  smtp_host text NOT NULL,
  smtp_port integer NOT NULL,
  -- true: TLS from the first byte (usually port 465); false: STARTTLS when the server offers it.
  smtp_secure boolean NOT NULL DEFAULT false,
  -- No user: the server is used without authentication.
  smtp_user text,
  -- Stored as given (the SMTP server needs it in clear); the API never returns it.
  smtp_password text,
  from_name text NOT NULL DEFAULT '',
  from_email text NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
