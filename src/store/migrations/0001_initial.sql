-- Initial schema. Kept portable to PostgreSQL where easy: plain TEXT/INTEGER/REAL columns, timestamps as
-- ISO 8601 UTC text written by the application, positions stored explicitly instead of relying on rowid
-- order, and surrogate keys that a PostgreSQL migration turns into identity columns.

-- One row per framework edition version. seq is the load order, so "the version loaded last" is defined
-- without relying on rowid or timestamps.
CREATE TABLE frameworks (
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  source_text TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);

-- Another id naming the same framework (all of its versions).
CREATE TABLE framework_aliases (
  alias TEXT PRIMARY KEY,
  framework_id TEXT NOT NULL
);

CREATE TABLE municipalities (
  id INTEGER PRIMARY KEY,
  country TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  county TEXT,
  population INTEGER,
  UNIQUE (country, code)
);

CREATE TABLE key_figures (
  municipality_id INTEGER NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  year INTEGER NOT NULL,
  value REAL NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (municipality_id, key, year)
);

CREATE TABLE evaluations (
  id TEXT PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
  year INTEGER NOT NULL,
  framework_id TEXT NOT NULL,
  framework_version TEXT NOT NULL,
  language TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'final', 'published')),
  granularity TEXT NOT NULL CHECK (granularity IN ('question', 'area', 'total')),
  published_total INTEGER,
  summary TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  source_url TEXT NOT NULL DEFAULT '',
  date_document_review TEXT NOT NULL DEFAULT '',
  date_interviews TEXT NOT NULL DEFAULT '',
  date_report TEXT NOT NULL DEFAULT '',
  date_feedback TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  FOREIGN KEY (framework_id, framework_version) REFERENCES frameworks (id, version)
);
CREATE INDEX evaluations_by_municipality ON evaluations (municipality_id, year);
CREATE INDEX evaluations_by_framework ON evaluations (framework_id, framework_version);

CREATE TABLE evaluators (
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('lead', 'peer')),
  PRIMARY KEY (evaluation_id, position)
);

CREATE TABLE earlier_evaluations (
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  year INTEGER NOT NULL,
  edition TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (evaluation_id, position)
);

-- sub_area is '' for an area-level narrative; position keeps the order they were given in.
CREATE TABLE narratives (
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  area INTEGER NOT NULL,
  sub_area TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (evaluation_id, area, sub_area)
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('interview', 'document', 'website')),
  title TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  people INTEGER,
  document_kind TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  file TEXT NOT NULL DEFAULT '',
  UNIQUE (evaluation_id, key)
);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  area INTEGER NOT NULL,
  sub_area TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('strength', 'improvement', 'weakness')),
  text TEXT NOT NULL,
  UNIQUE (evaluation_id, position)
);

-- position keeps the order of the finding's source keys.
CREATE TABLE finding_sources (
  finding_id INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (finding_id, source_id)
);
CREATE INDEX finding_sources_by_source ON finding_sources (source_id);

CREATE TABLE finding_examples (
  finding_id INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (finding_id, position)
);

-- evaluator is '' for the agreed score; each evaluator's own score is a separate row.
CREATE TABLE scores (
  id INTEGER PRIMARY KEY,
  evaluation_id TEXT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('question', 'area', 'total')),
  target_id TEXT NOT NULL,
  evaluator TEXT NOT NULL DEFAULT '',
  points INTEGER NOT NULL,
  rationale TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  UNIQUE (evaluation_id, target_kind, target_id, evaluator)
);

CREATE TABLE score_sources (
  score_id INTEGER NOT NULL REFERENCES scores (id) ON DELETE CASCADE,
  source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (score_id, source_id)
);
CREATE INDEX score_sources_by_source ON score_sources (source_id);

-- framework_id is not a foreign key: a reference mean may be imported before (or without) its edition.
CREATE TABLE published_averages (
  id INTEGER PRIMARY KEY,
  country TEXT NOT NULL,
  framework_id TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  as_of TEXT NOT NULL DEFAULT '',
  total REAL,
  source_url TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);

-- One row per area (numbered from 1); value is NULL when the area's mean is not known.
CREATE TABLE published_average_areas (
  average_id INTEGER NOT NULL REFERENCES published_averages (id) ON DELETE CASCADE,
  area INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (average_id, area)
);
