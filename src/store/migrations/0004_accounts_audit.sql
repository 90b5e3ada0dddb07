-- Accounts, sessions, who may see and edit an evaluation, versioned scores and the audit log. Portable to
-- PostgreSQL as 0001: plain TEXT/INTEGER columns, ISO 8601 UTC text timestamps written by the application.

-- A user account. The municipality (country and code, both or neither) is set for the municipality role; it
-- is not a foreign key, so an account can be created before its municipality is stored. password_hash is
-- libsodium's Argon2id string.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin', 'evaluator', 'peer', 'municipality')),
  municipality_country TEXT,
  municipality_code TEXT,
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'disabled')),
  password_hash TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK ((municipality_country IS NULL) = (municipality_code IS NULL))
);

-- A signed-in session, by the hash of its cookie token (the token itself is never stored). A session whose
-- expires_at is not after the current time is over.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- 1 once a draft is shared with its municipality.
ALTER TABLE evaluations ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));

-- Users assigned to an evaluation (evaluators, peers).
CREATE TABLE assignments (
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (evaluation_id, user_id)
);
CREATE INDEX assignments_by_user ON assignments (user_id);

-- 1 when a score is first stored, increased by every later change (optimistic concurrency for editors).
ALTER TABLE scores ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Who changed what in an evaluation, written by the store in the same transaction as the change. Not a
-- foreign key: the record is kept whatever happens to the evaluation. old_value is '' when something was
-- created, new_value '' when it was removed.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  evaluation_id TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  entity TEXT NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_evaluation ON audit_log (evaluation_id, id);
