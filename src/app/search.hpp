#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "search/search.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// The folder of the search index that belongs to the store at `db_location`: next to a SQLite file, named
// after it ("x.db" → "x.db.index"); for a database URL, in the working folder, named after its host, port and
// database only, never its user or password ("postgresql://u:pw@db1:5432/kompass" →
// "kompass-db1_5432_kompass.index").
std::string index_path_for(const std::string& db_location);

// The search documents of a loaded evaluation: one per finding ("f:<id>") and one per agreed score with a
// rationale ("r:<evaluation>:<target>"), each with its area's points from the framework's aggregate and the
// municipality's population. Reads the evaluation's framework from the store.
Result<std::vector<search::Document>> documents_of(store::Store& store, const model::Evaluation& evaluation);

// How sync_index brings the index up to date: re-index only the evaluations changed since the index last
// caught up, or rebuild it from every evaluation.
enum class SyncMode { catch_up, rebuild };

// What sync_index did.
struct SyncReport {
  SyncMode mode = SyncMode::catch_up; // a catch-up with too many changes turns into a rebuild
  long evaluations = 0;               // evaluations (re-)indexed
  long findings = 0;                  // findings among the documents
  long documents = 0;                 // documents written (findings and rationales)
  long applied_change = 0;            // the store change the index now reflects
  double seconds = 0;
};

// Brings `index` up to date with `store`: catch_up re-indexes the evaluations named in the store's change
// log after index.applied_change() (rebuilding instead when they are many, or when the log is behind the
// index, as after the database was replaced); rebuild re-reads every evaluation in one pass.
Result<SyncReport> sync_index(store::Store& store, search::Index& index, SyncMode mode);

// Opens the index folder at `path` and, when it is new, was damaged or never finished, rebuilds it from the
// store, so a missing or broken index is never the user's problem.
Result<std::unique_ptr<search::Index>> open_search_index(store::Store& store, const std::string& path);

// The index a server node uses, and the folder it is in.
struct NodeIndex {
  std::unique_ptr<search::Index> index;
  std::string path;
  bool fell_back = false; // `preferred` was held by another process: `path` is the node's own `fallback`
};

// Opens the index for one server node: the folder `preferred` when no other process holds it (tried at once,
// without waiting), otherwise `fallback`, a folder of this node alone (built from the store when new), so that
// several nodes on one machine and one database never wait for each other's index.
Result<NodeIndex> open_node_index(store::Store& store, const std::string& preferred, const std::string& fallback);

// Catches the index up with the store, then searches. An index found damaged on the way is rebuilt and the
// search repeated once.
Result<search::Results> search_findings(store::Store& store, search::Index& index, const search::Query& query);

// The JSON shape of a result page, indented: {"estimated_total", "hits": [{"key", "evaluation_id",
// "municipality", "municipality_code", "country", "year", "edition", "status", "area", "sub_area", "kind",
// "text", "examples": [{"name", "reason"}], "area_points", "population_band", "percent", "snippet"}],
// "facets": {"kind": [{"value", "count"}], "area", "sub_area", "year", "country", "edition",
// "population_band"}}. The snippet marks matches with <mark>…</mark>; the rest of it is HTML-escaped.
std::string search_results_json(const search::Results& results);

} // namespace kompass::app
