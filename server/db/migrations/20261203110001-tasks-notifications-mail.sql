-- Tasks, reminders, notifications, the mail outbox, work schedules and calendar feeds (issue 8).

CREATE TABLE tasks (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  title text NOT NULL,
  description text,
  -- call, email, meeting, letter, offer, other
  type text NOT NULL DEFAULT 'other',
  -- The record the task is about: contacts, companies, leads, deals, invoices (+ its id).
  related_type text,
  related_id uuid,
  owner_id uuid NOT NULL,
  due_at timestamptz(3),
  -- The IANA zone the due time was given in; recurrences keep the wall-clock time in it.
  time_zone text NOT NULL DEFAULT 'UTC',
  -- low, normal, high
  priority text NOT NULL DEFAULT 'normal',
  reminder_minutes integer,
  -- due_at - reminder_minutes; the reminder job fires at it once (reminded_at set in the same tx).
  remind_at timestamptz(3),
  reminded_at timestamptz(3),
  -- The last overdue escalation (owner and, configurable, manager notified); once per task due.
  escalated_at timestamptz(3),
  -- RFC 5545 RRULE (without DTSTART); completing the task creates the next occurrence.
  recurrence text,
  -- The first task of a recurring series (NULL for the first itself and for single tasks).
  series_id uuid,
  -- open, done, cancelled
  status text NOT NULL DEFAULT 'open',
  result text,
  completed_at timestamptz(3),
  completed_by uuid,
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_by uuid,
  updated_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, owner_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX tasks_owner_due_idx ON tasks (workspace_id, owner_id, due_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_due_idx ON tasks (workspace_id, due_at, id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_related_idx ON tasks (workspace_id, related_type, related_id) WHERE related_id IS NOT NULL;
-- The reminder and escalation sweeps scan open tasks only.
CREATE INDEX tasks_remind_idx ON tasks (remind_at) WHERE status = 'open' AND reminded_at IS NULL AND deleted_at IS NULL;
CREATE INDEX tasks_overdue_idx ON tasks (due_at) WHERE status = 'open' AND escalated_at IS NULL AND deleted_at IS NULL;

-- Per workspace: when an overdue task is escalated and whether the owner's manager hears of it.
CREATE TABLE task_settings (
  workspace_id uuid PRIMARY KEY REFERENCES workspaces (id),
  escalation_days integer NOT NULL DEFAULT 2,
  escalate_to_manager boolean NOT NULL DEFAULT true,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE notifications (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  -- What happened (task_reminder, task_overdue, …): the title is rendered in the reader's
  -- language from notifications:kinds.<kind> with params, unless a literal title is given.
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  title text,
  body text,
  link text,
  -- The same key never notifies the same user twice (reminders: task + due time).
  dedupe_key text,
  read_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);
CREATE INDEX notifications_user_idx ON notifications (workspace_id, user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (workspace_id, user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_dedupe_key ON notifications (workspace_id, user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Each user's channels and quiet hours (minutes after local midnight in their time zone).
CREATE TABLE notification_preferences (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  in_app boolean NOT NULL DEFAULT true,
  email boolean NOT NULL DEFAULT true,
  quiet_from integer,
  quiet_to integer,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);

-- Outgoing email: written in the caller's transaction, sent by the mail.send job.
CREATE TABLE mail_outbox (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  to_addresses text[] NOT NULL,
  subject text NOT NULL,
  text_body text,
  html_body text,
  -- [{filename, contentType, contentBase64}]
  attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- queued, sent, failed
  status text NOT NULL DEFAULT 'queued',
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  message_id text,
  send_after timestamptz(3),
  sent_at timestamptz(3),
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX mail_outbox_status_idx ON mail_outbox (workspace_id, status, created_at DESC);

-- Working hours, deputy and manager of an employee (R27, R4).
CREATE TABLE work_schedules (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  -- [{day: 1..7 (ISO, Monday = 1), from: 'HH:MM', to: 'HH:MM'}]
  hours jsonb NOT NULL DEFAULT '[]'::jsonb,
  deputy_id uuid,
  manager_id uuid,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, deputy_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, manager_id) REFERENCES users (workspace_id, id)
);

CREATE TABLE absences (
  workspace_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  -- vacation, sick_leave, other
  kind text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  -- Who takes over; NULL = the deputy of the work schedule.
  deputy_id uuid,
  note text,
  -- When the absent user's due tasks were handed to the deputy (once per absence).
  handed_over_at timestamptz(3),
  created_by uuid,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id),
  FOREIGN KEY (workspace_id, deputy_id) REFERENCES users (workspace_id, id),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX absences_user_idx ON absences (workspace_id, user_id, starts_on) WHERE deleted_at IS NULL;

-- Secret ICS feed address per user (read-only, regenerable).
CREATE TABLE calendar_feeds (
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL,
  token text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, user_id) REFERENCES users (workspace_id, id)
);
CREATE UNIQUE INDEX calendar_feeds_token_key ON calendar_feeds (token);
