-- Derived points for rankings. The PostgreSQL pair of ../0006_evaluation_points.sql, with the types of
-- postgres/0001.

-- One evaluation's points aggregated against its pinned edition: the total (NULL when it has none) and each
-- area's points in area order, as decimal integers separated by commas, an empty field for an area without points
-- ("12,,30": area 1 has 12, area 2 none, area 3 has 30). Every edition has at least one area, so the empty text
-- is one area without points.
CREATE TABLE evaluation_points (
  evaluation_id TEXT COLLATE "C" PRIMARY KEY REFERENCES evaluations (id) ON DELETE CASCADE,
  total INTEGER,
  areas TEXT COLLATE "C" NOT NULL
);

-- The one row (id 1) saying up to which change-log sequence evaluation_points is computed; no row: none.
CREATE TABLE derived_points_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  applied_change BIGINT NOT NULL
);
