-- A log of which evaluations changed, so derived data (the search index) can follow every saved change by
-- re-reading only those evaluations: a reader remembers the last sequence it has applied and asks for the
-- rows after it. Triggers write the log, so no write path (present or future) can forget it. AUTOINCREMENT
-- keeps sequences increasing even if old rows are ever pruned.
CREATE TABLE changes (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  evaluation_id TEXT NOT NULL,
  changed_at TEXT NOT NULL
);

-- Every evaluation already stored counts as changed once, so a reader starting from 0 sees all of them.
INSERT INTO changes (evaluation_id, changed_at)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM evaluations ORDER BY id;

CREATE TRIGGER changes_evaluation_insert AFTER INSERT ON evaluations BEGIN
  INSERT INTO changes (evaluation_id, changed_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER changes_evaluation_update AFTER UPDATE ON evaluations BEGIN
  INSERT INTO changes (evaluation_id, changed_at) VALUES (NEW.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER changes_evaluation_delete AFTER DELETE ON evaluations BEGIN
  INSERT INTO changes (evaluation_id, changed_at) VALUES (OLD.id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;

CREATE TRIGGER changes_finding_insert AFTER INSERT ON findings BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  VALUES (NEW.evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER changes_finding_update AFTER UPDATE ON findings BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  VALUES (NEW.evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER changes_finding_delete AFTER DELETE ON findings BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  VALUES (OLD.evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;

-- A good example names its evaluation through its finding. INSERT ... SELECT writes nothing when the finding
-- is already gone (its deletion cascades here and has logged the change itself).
CREATE TRIGGER changes_example_insert AFTER INSERT ON finding_examples BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  SELECT evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM findings WHERE id = NEW.finding_id;
END;
CREATE TRIGGER changes_example_update AFTER UPDATE ON finding_examples BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  SELECT evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM findings WHERE id = NEW.finding_id;
END;
CREATE TRIGGER changes_example_delete AFTER DELETE ON finding_examples BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  SELECT evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM findings WHERE id = OLD.finding_id;
END;

CREATE TRIGGER changes_score_insert AFTER INSERT ON scores BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  VALUES (NEW.evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER changes_score_update AFTER UPDATE ON scores BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  VALUES (NEW.evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;
CREATE TRIGGER changes_score_delete AFTER DELETE ON scores BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  VALUES (OLD.evaluation_id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;

-- A municipality's name and population are part of every evaluation of it (the population band facet), so
-- a change logs all of them. A municipality is inserted before its evaluations and cannot be deleted while
-- any refers to it, so only updates can matter.
CREATE TRIGGER changes_municipality_update AFTER UPDATE ON municipalities
WHEN OLD.name IS NOT NEW.name OR OLD.population IS NOT NEW.population OR OLD.country IS NOT NEW.country
  OR OLD.code IS NOT NEW.code
BEGIN
  INSERT INTO changes (evaluation_id, changed_at)
  SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM evaluations WHERE municipality_id = NEW.id;
END;
