#include "app/benchmarks.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "app/catalog.hpp"
#include "app/municipalities.hpp"
#include "app/text.hpp"
#include "app/validation.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

// Parsed editions by (id, version), so thousands of evaluations pinning a few versions cost a few look-ups.
class FrameworkCache {
public:
  explicit FrameworkCache(store::Store& store) : m_store(store) {}

  Result<const model::Framework*> get(const std::string& id, const std::string& version) {
    auto key = std::make_pair(id, version);
    if (auto it = m_frameworks.find(key); it != m_frameworks.end()) {
      return &it->second;
    }
    auto framework = get_framework(m_store, id, version);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    return &m_frameworks.emplace(key, std::move(*framework)).first->second;
  }

private:
  store::Store& m_store;
  std::map<std::pair<std::string, std::string>, model::Framework> m_frameworks;
};

// Above this many changed evaluations a catch-up recomputes every evaluation from one listing instead, which is
// faster than loading each changed one on its own (as the search index does).
constexpr std::size_t k_recompute_all_above = 200;

store::EvaluationPoints points_of(const model::Framework& framework, const model::EvaluationSummary& summary) {
  auto aggregate = scoring::aggregate(framework, summary.granularity, summary.agreed_scores, summary.published_total,
                                      scoring::Detail::areas_and_total);
  store::EvaluationPoints points;
  points.evaluation_id = summary.id;
  points.total = aggregate.total.points;
  for (const auto& area : aggregate.areas) {
    points.areas.push_back(area.points);
  }
  return points;
}

// How far the stored points and the change log have come.
struct PointsProgress {
  long applied = 0; // the change the stored points follow
  long last = 0;    // the store's latest change
};

Result<PointsProgress> points_progress(store::Store& store) {
  auto applied = store.points_applied_change();
  if (!applied) {
    return tl::unexpected(applied.error());
  }
  auto last = store.last_change();
  if (!last) {
    return tl::unexpected(last.error());
  }
  return PointsProgress{*applied, *last};
}

// Which evaluations a catch-up aggregates again.
enum class Recompute { changed, all };

// Brings the stored points up to the latest change inside the caller's write transaction; Recompute::all
// recomputes every evaluation whatever the log says.
Result<PointsReport> catch_up_points(store::Store& store, Recompute recompute) {
  PointsReport report;
  auto progress = points_progress(store);
  if (!progress) {
    return tl::unexpected(progress.error());
  }
  const auto [applied, last] = *progress;
  report.applied_change = last;
  if (recompute == Recompute::changed && applied == last) {
    return report;
  }
  // A log behind the points (another database copied over this one) is not to be trusted either.
  bool everything = recompute == Recompute::all || last < applied;
  std::set<std::string> ids;
  if (!everything) {
    auto changes = store.changes_since(applied);
    if (!changes) {
      return tl::unexpected(changes.error());
    }
    for (const auto& change : *changes) {
      ids.insert(change.evaluation_id);
    }
    everything = ids.size() > k_recompute_all_above;
  }
  FrameworkCache frameworks(store);
  std::vector<store::EvaluationPoints> computed;
  if (everything) {
    report.recomputed_all = true;
    auto summaries = store.list_evaluations({});
    if (!summaries) {
      return tl::unexpected(summaries.error());
    }
    for (const auto& summary : *summaries) {
      auto pinned = frameworks.get(summary.framework_id, summary.framework_version);
      if (!pinned) {
        return tl::unexpected(pinned.error());
      }
      computed.push_back(points_of(**pinned, summary));
    }
    if (auto cleared = store.clear_points(); !cleared) {
      return tl::unexpected(cleared.error());
    }
  } else {
    for (const auto& id : ids) {
      auto evaluation = store.load_evaluation(id);
      if (!evaluation) {
        return tl::unexpected(evaluation.error());
      }
      if (!*evaluation) {
        // Deleting the evaluation has deleted its points too (ON DELETE CASCADE); this only makes sure.
        if (auto removed = store.delete_points(id); !removed) {
          return tl::unexpected(removed.error());
        }
        ++report.evaluations;
        continue;
      }
      auto pinned = frameworks.get((*evaluation)->framework_id, (*evaluation)->framework_version);
      if (!pinned) {
        return tl::unexpected(pinned.error());
      }
      computed.push_back(points_of(**pinned, model::summary_of(**evaluation)));
    }
  }
  report.evaluations += static_cast<long>(computed.size());
  if (auto stored = store.put_points(computed); !stored) {
    return tl::unexpected(stored.error());
  }
  if (auto recorded = store.set_points_applied_change(last); !recorded) {
    return tl::unexpected(recorded.error());
  }
  return report;
}

// The latest change when the stored points have taken it in; nullopt when they are behind the change log.
Result<std::optional<long>> current_points_change(store::Store& store) {
  auto progress = points_progress(store);
  if (!progress) {
    return tl::unexpected(progress.error());
  }
  return progress->applied == progress->last ? std::optional<long>(progress->last) : std::nullopt;
}

// The ranking from the stored points; nullopt when some listed evaluation has none stored (not caught up).
Result<std::optional<Ranking>> rank_in_transaction(store::Store& store, const RankRequest& request) {
  auto framework = get_framework(store, request.framework);
  if (!framework) {
    return tl::unexpected(framework.error());
  }
  const auto area_count = static_cast<int>(framework->areas.size());
  if (request.area && (*request.area < 1 || *request.area > area_count)) {
    return fail(
        ErrorKind::bad_input, "rank_unknown_area",
        {{"area", std::to_string(*request.area)}, {"framework", framework->id}, {"count", std::to_string(area_count)}},
        "area");
  }
  const auto& language = framework->primary_language();
  Ranking ranking;
  ranking.framework_id = framework->id;
  ranking.framework_version = framework->version;
  ranking.framework_title = framework->title.in(language);
  ranking.area = request.area;
  ranking.country = request.country;
  if (request.area) {
    const auto& area = framework->areas[static_cast<std::size_t>(*request.area - 1)];
    ranking.area_title = area.title.in(language);
    ranking.max = area.max_points;
  } else {
    ranking.max = framework->max_points;
  }

  store::EvaluationFilter filter;
  filter.framework_id = framework->id;
  filter.country = request.country;
  filter.statuses = {model::Status::published};
  auto entries = store.list_ranking_entries(filter);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  ranking.published = static_cast<int>(entries->size());
  // Index 0..N-1 the areas, N the total.
  std::vector<std::vector<double>> figures(static_cast<std::size_t>(area_count) + 1);
  for (const auto& entry : *entries) {
    if (!entry.points) {
      return std::optional<Ranking>();
    }
    const auto& stored = *entry.points;
    for (std::size_t i = 0; i < stored.areas.size() && i + 1 < figures.size(); ++i) {
      if (stored.areas[i]) {
        figures[i].push_back(*stored.areas[i]);
      }
    }
    if (stored.total) {
      figures.back().push_back(*stored.total);
    }
    std::optional<int> points = stored.total;
    if (request.area) {
      auto index = static_cast<std::size_t>(*request.area - 1);
      points = index < stored.areas.size() ? stored.areas[index] : std::nullopt;
    }
    if (points) {
      ranking.rows.push_back({0, entry.evaluation_id, entry.municipality, entry.name, entry.year, *points});
    }
  }
  std::vector<double> points;
  for (const auto& row : ranking.rows) {
    points.push_back(row.points);
  }
  auto ranks = scoring::competition_ranks(points);
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    ranking.rows[i].rank = ranks[i];
  }
  // Collating only within a shared rank keeps ICU out of the thousands of comparisons a full sort needs.
  std::stable_sort(ranking.rows.begin(), ranking.rows.end(),
                   [](const RankRow& a, const RankRow& b) { return a.rank < b.rank; });
  for (auto tie = ranking.rows.begin(); tie != ranking.rows.end();) {
    auto end = std::find_if(tie, ranking.rows.end(), [&](const RankRow& row) { return row.rank != tie->rank; });
    std::stable_sort(tie, end, [](const RankRow& a, const RankRow& b) {
      int order = collate(a.name, b.name, Collation::swedish);
      return order != 0 ? order < 0 : a.year < b.year;
    });
    tie = end;
  }
  for (int i = 0; i < area_count; ++i) {
    const auto& area = framework->areas[static_cast<std::size_t>(i)];
    ranking.distributions.push_back({area.number, area.title.in(language), area.max_points,
                                     scoring::distribute(figures[static_cast<std::size_t>(i)])});
  }
  ranking.distributions.push_back({std::nullopt, "", framework->max_points, scoring::distribute(figures.back())});
  ranking.distribution = request.area ? ranking.distributions[static_cast<std::size_t>(*request.area - 1)].distribution
                                      : ranking.distributions.back().distribution;
  return std::optional<Ranking>(std::move(ranking));
}

bool names_edition(const model::Framework& framework, const std::string& edition) {
  return edition == framework.id ||
         std::find(framework.aliases.begin(), framework.aliases.end(), edition) != framework.aliases.end();
}

Result<Trend> trend_in_transaction(store::Store& store, const model::MunicipalityRef& ref,
                                   const std::function<Result<bool>(const model::EvaluationSummary&)>& include) {
  auto municipality = get_municipality(store, ref);
  if (!municipality) {
    return tl::unexpected(municipality.error());
  }
  Trend result;
  result.municipality = std::move(*municipality);
  store::EvaluationFilter filter;
  filter.municipality = ref;
  auto summaries = store.list_evaluations(filter);
  if (!summaries) {
    return tl::unexpected(summaries.error());
  }
  if (include) {
    std::vector<model::EvaluationSummary> kept;
    for (auto& summary : *summaries) {
      auto accepted = include(summary);
      if (!accepted) {
        return tl::unexpected(accepted.error());
      }
      if (*accepted) {
        kept.push_back(std::move(summary));
      }
    }
    *summaries = std::move(kept);
  }
  FrameworkCache frameworks(store);
  // The framework of each stored entry, parallel to `entries`; nullptr for one known only by year.
  std::vector<std::pair<TrendEntry, const model::Framework*>> entries;
  for (const auto& summary : *summaries) {
    auto framework = frameworks.get(summary.framework_id, summary.framework_version);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    auto points = points_of(**framework, summary);
    TrendEntry entry;
    entry.evaluation_id = summary.id;
    entry.year = summary.year;
    entry.edition = summary.framework_id;
    entry.framework_version = summary.framework_version;
    entry.status = summary.status;
    entry.total = points.total;
    entry.max = (*framework)->max_points;
    entry.areas = std::move(points.areas);
    entries.emplace_back(std::move(entry), *framework);
  }
  for (const auto& summary : *summaries) {
    auto evaluation = store.load_evaluation(summary.id);
    if (!evaluation) {
      return tl::unexpected(evaluation.error());
    }
    for (const auto& known : *evaluation ? (*evaluation)->earlier : std::vector<model::EarlierEvaluation>{}) {
      bool listed = std::any_of(entries.begin(), entries.end(), [&](const auto& other) {
        if (other.first.year != known.year) {
          return false;
        }
        return other.second ? names_edition(*other.second, known.edition) : other.first.edition == known.edition;
      });
      if (!listed) {
        TrendEntry entry;
        entry.year = known.year;
        entry.edition = known.edition;
        entries.emplace_back(std::move(entry), nullptr);
      }
    }
  }
  // Stored evaluations come before ones known only by year, so within a year the stored one leads.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first.year < b.first.year; });
  for (std::size_t i = 1; i < entries.size(); ++i) {
    const auto& previous = entries[i - 1].first;
    auto& [entry, framework] = entries[i];
    TrendStep step;
    if (framework) {
      step.comparison = scoring::compare_editions(*framework, entry.total, previous.edition, previous.year);
    } else if (entry.edition == previous.edition) {
      step.comparison.comparability = scoring::Comparability::comparable;
    }
    if (step.comparison.comparability == scoring::Comparability::comparable && entry.total && previous.total) {
      step.difference = *entry.total - *previous.total;
    }
    entry.change = step;
  }
  for (auto& [entry, framework] : entries) {
    result.entries.push_back(std::move(entry));
  }
  return result;
}

} // namespace

Result<Ranking> rank(store::Store& store, const RankRequest& request) {
  if (request.country) {
    if (auto known = check_country(*request.country, "country"); !known) {
      return tl::unexpected(known.error());
    }
  }
  // Usually the points are current and one read transaction (without the write lock) ranks from one snapshot.
  auto ranked = store::in_transaction(
      store,
      [&]() -> Result<std::optional<Ranking>> {
        auto current = current_points_change(store);
        if (!current) {
          return tl::unexpected(current.error());
        }
        if (!*current) {
          return std::optional<Ranking>();
        }
        return rank_in_transaction(store, request);
      },
      store::Access::read);
  if (!ranked) {
    return tl::unexpected(ranked.error());
  }
  if (*ranked) {
    return std::move(**ranked);
  }
  // Catching up and ranking in one write transaction: no change can fall between the two.
  return store::in_transaction(store, [&]() -> Result<Ranking> {
    for (auto recompute : {Recompute::changed, Recompute::all}) {
      if (auto caught_up = catch_up_points(store, recompute); !caught_up) {
        return tl::unexpected(caught_up.error());
      }
      auto ranking = rank_in_transaction(store, request);
      if (!ranking) {
        return tl::unexpected(ranking.error());
      }
      if (*ranking) {
        return std::move(**ranking);
      }
    }
    return fail(ErrorKind::internal, "rank_points_missing", {{"framework", request.framework}});
  });
}

Result<PointsReport> refresh_points(store::Store& store) {
  auto current = store::in_transaction(
      store, [&] { return current_points_change(store); }, store::Access::read);
  if (!current) {
    return tl::unexpected(current.error());
  }
  if (*current) {
    PointsReport report;
    report.applied_change = **current;
    return report;
  }
  return store::in_transaction(store, [&]() { return catch_up_points(store, Recompute::changed); });
}

Result<Trend> trend(store::Store& store, const model::MunicipalityRef& municipality,
                    const std::function<Result<bool>(const model::EvaluationSummary&)>& include) {
  return store::in_transaction(
      store, [&]() { return trend_in_transaction(store, municipality, include); }, store::Access::read);
}

} // namespace kompass::app
