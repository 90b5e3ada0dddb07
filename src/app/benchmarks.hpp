#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/municipality.hpp"
#include "scoring/ranking.hpp"
#include "scoring/scoring.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// The edition `kompass rank` ranks when none is named: the one edition with question-level content.
inline constexpr const char* k_default_rank_framework = "kommunkompassen-2010";

// What to rank: the published results of one edition, by the total or by one area, optionally of one country.
struct RankRequest {
  std::string framework = k_default_rank_framework; // id or alias
  std::optional<int> area;                          // 1..N; unset: the total
  std::optional<std::string> country;               // SE, NO, DK or FI; unset: every country
};

// One ranked evaluation: its competition rank (ties share a rank: 1, 2, 2, 4) and its points.
struct RankRow {
  int rank = 0;
  std::string evaluation_id;
  model::MunicipalityRef municipality;
  std::string name;
  int year = 0;
  int points = 0;
};

// The distribution of one figure (an area or the total) over the published results that have it.
struct FigureDistribution {
  std::optional<int> area; // nullopt: the total
  std::string title;       // the area's title in the edition's primary language; empty for the total
  int max = 0;
  scoring::Distribution distribution;
};

// A ranking of published results with the distribution of every figure.
struct Ranking {
  std::string framework_id;
  std::string framework_version; // the newest stored version, whose titles are shown
  std::string framework_title;   // in the edition's primary language
  std::optional<int> area;       // the ranked area; nullopt: the total
  std::string area_title;
  int max = 0; // the ranked figure's maximum
  std::optional<std::string> country;
  int published = 0;                             // published evaluations of the edition (and country)
  std::vector<RankRow> rows;                     // best first; ties in Swedish name order, then year
  scoring::Distribution distribution;            // of the ranked figure; its count is n = rows.size()
  std::vector<FigureDistribution> distributions; // every area in order, then the total
};

// What bringing the derived points of rankings up to date did.
struct PointsReport {
  bool recomputed_all = false; // every evaluation, not only the changed ones
  long evaluations = 0;        // evaluations recomputed or removed
  long applied_change = 0;     // the change-log sequence the points now follow
};

// Brings the stored points of every evaluation (store::EvaluationPoints, what rankings read) up to the store's
// latest change, as the search index follows the change log: only the evaluations changed since the last catch-up
// are aggregated again, or all of them when many changed or the log is behind. Checks in a read transaction first,
// so that when nothing changed it takes no write lock; otherwise catches up in one write transaction.
Result<PointsReport> refresh_points(store::Store& store);

// Ranks the published evaluations of an edition (every version, each aggregated against its own) that have
// the figure asked for; those without it are left out (published − n of them). Fails with not_found
// "unknown_framework", bad_input "rank_unknown_area" for an area the edition does not have, or the
// country's error. Reads the stored points (not every score): in one read transaction when they are current,
// otherwise catching them up (refresh_points) and ranking in one write transaction.
Result<Ranking> rank(store::Store& store, const RankRequest& request);

// How an entry of a trend compares with the entry before it.
struct TrendStep {
  scoring::EditionComparison comparison;
  std::optional<int> difference; // this total − the previous one, when comparable and both are known
};

// One evaluation of a municipality: stored (with its id, totals and area points) or known only by year and
// edition from another evaluation's list of earlier ones.
struct TrendEntry {
  std::string evaluation_id; // empty when known only by year
  int year = 0;
  std::string edition; // framework id, or e.g. "pre-2010"
  std::string framework_version;
  std::optional<model::Status> status;
  std::optional<int> total;
  int max = 0;                           // 0 when not stored
  std::vector<std::optional<int>> areas; // points per area (index 0 = area 1); empty when not stored
  std::optional<TrendStep> change;       // nullopt for the first entry
};

// Every evaluation of a municipality in year order.
struct Trend {
  model::Municipality municipality;
  std::vector<TrendEntry> entries;
};

// The municipality's evaluations in year order (stored ones first within a year), each compared with the
// one before: the same edition is comparable (with the difference of the totals), an older edition covered
// by the newer one's earlier-edition rule gives an interval, anything else is not comparable. An earlier
// evaluation that several stored ones list, or that is stored itself, appears once. Fails with not_found
// "unknown_municipality". Runs in one read transaction.
// With `include`, only the stored evaluations it accepts (called inside the transaction) are entries, and only
// their earlier evaluations are listed: the steps compare visible entries only, so that a viewer who may not
// read a draft learns nothing of it from its neighbour's difference.
Result<Trend> trend(store::Store& store, const model::MunicipalityRef& municipality,
                    const std::function<Result<bool>(const model::EvaluationSummary&)>& include = {});

} // namespace kompass::app
