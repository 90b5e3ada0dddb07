-- Action plans, re-evaluations and blind double scoring. Portable like 0004: plain TEXT/INTEGER columns, ISO
-- 8601 text dates written by the application.

-- The earlier evaluation a re-evaluation was started from (its baseline). Not a foreign key: an evaluation
-- imported without its baseline keeps the reference, and the follow-up says the baseline is missing.
ALTER TABLE evaluations ADD COLUMN baseline_id TEXT NOT NULL DEFAULT '';

-- One action (åtgärd) of a municipality's action plan, belonging to the evaluation whose findings it answers.
CREATE TABLE actions (
  id INTEGER PRIMARY KEY,
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  area INTEGER NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  expected_effect TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX actions_by_evaluation ON actions (evaluation_id, id);

-- The improvement and weakness findings an action answers.
CREATE TABLE action_findings (
  action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
  finding_id INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (action_id, finding_id)
);
CREATE INDEX action_findings_by_finding ON action_findings (finding_id);

-- Dated progress notes on an action, oldest first by id.
CREATE TABLE action_notes (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
  noted_on TEXT NOT NULL,
  text TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_notes_by_action ON action_notes (action_id, id);

-- Evaluators scoring an evaluation blind: each one's own scores stay hidden from the others until every one
-- has marked their scoring done (done_at set).
CREATE TABLE blind_scorers (
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  evaluator TEXT NOT NULL,
  added_at TEXT NOT NULL,
  done_at TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (evaluation_id, evaluator)
);
