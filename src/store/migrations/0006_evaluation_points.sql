-- Derived data for rankings: each evaluation's aggregated points, kept up to date from the change log by the
-- application (app/points.hpp) as the search index is, so that a ranking reads one row per evaluation instead of
-- every agreed score. No change-log triggers: these tables hold no evaluation's own data, only what is computed
-- from it, and a copied store (kompass migrate) copies them with the change log they follow.

-- One evaluation's points aggregated against its pinned edition: the total (NULL when it has none) and each
-- area's points in area order, as decimal integers separated by commas, an empty field for an area without points
-- ("12,,30": area 1 has 12, area 2 none, area 3 has 30). Every edition has at least one area, so the empty text
-- is one area without points.
CREATE TABLE evaluation_points (
  evaluation_id TEXT PRIMARY KEY REFERENCES evaluations (id) ON DELETE CASCADE,
  total INTEGER,
  areas TEXT NOT NULL
);

-- The one row (id 1) saying up to which change-log sequence evaluation_points is computed; no row: none.
CREATE TABLE derived_points_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  applied_change INTEGER NOT NULL
);
