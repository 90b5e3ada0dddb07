#include "app/comparison.hpp"

#include <sstream>

#include "app/catalog.hpp"
#include "app/evaluations.hpp"
#include "app/text.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    auto begin = part.find_first_not_of(' ');
    auto end = part.find_last_not_of(' ');
    if (begin != std::string::npos) {
      parts.push_back(part.substr(begin, end - begin + 1));
    }
  }
  return parts;
}

ReferenceMember member_of(const model::EvaluationSummary& summary) {
  return {summary.id, summary.municipality.name, summary.year};
}

// The reference average of a group of stored evaluations, each aggregated against its own pinned version.
Result<scoring::ReferenceAverage> average_of(store::Store& store, const std::vector<model::EvaluationSummary>& members,
                                             std::size_t area_count) {
  std::vector<scoring::Aggregate> aggregates;
  for (const auto& member : members) {
    auto framework = get_framework(store, member.framework_id, member.framework_version);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    aggregates.push_back(
        scoring::aggregate(*framework, member.granularity, member.agreed_scores, member.published_total));
  }
  return scoring::reference_average(aggregates, area_count);
}

Result<void> fill_group(store::Store& store, const EvaluationView& view, const ReferenceSpec& spec,
                        Comparison& comparison, scoring::ReferenceAverage& average) {
  const auto& evaluation = view.evaluation;
  std::vector<model::EvaluationSummary> members;
  if (spec.kind == ReferenceSpec::Kind::default_group) {
    store::EvaluationFilter filter;
    filter.framework_id = evaluation.framework_id;
    filter.country = evaluation.municipality.ref.country;
    filter.statuses = {model::Status::final, model::Status::published};
    auto listed = store.list_evaluations(filter);
    if (!listed) {
      return tl::unexpected(listed.error());
    }
    for (auto& summary : *listed) {
      if (summary.municipality.ref != evaluation.municipality.ref) {
        members.push_back(std::move(summary));
      }
    }
    comparison.reference_code = "reference_default";
    comparison.reference_args = {{"framework", view.framework.title.in(evaluation.language)},
                                 {"country", evaluation.municipality.ref.country},
                                 {"municipality", evaluation.municipality.name}};
  } else {
    store::EvaluationFilter filter;
    auto listed = store.list_evaluations(filter);
    if (!listed) {
      return tl::unexpected(listed.error());
    }
    std::string names;
    for (const auto& id : spec.evaluation_ids) {
      auto it = std::find_if(listed->begin(), listed->end(), [&](const auto& s) { return s.id == id; });
      if (it == listed->end()) {
        return fail(ErrorKind::not_found, "unknown_evaluation", {{"id", id}}, "reference");
      }
      if (it->framework_id != evaluation.framework_id) {
        comparison.excluded_not_comparable.push_back(member_of(*it));
        continue;
      }
      members.push_back(*it);
      names += (names.empty() ? "" : ", ") + id;
    }
    comparison.reference_code = "reference_named";
    comparison.reference_args = {{"ids", names}};
  }
  auto computed = average_of(store, members, view.framework.areas.size());
  if (!computed) {
    return tl::unexpected(computed.error());
  }
  average = *computed;
  for (const auto& member : members) {
    comparison.members.push_back(member_of(member));
  }
  sort_by_collation(
      comparison.members, [](const ReferenceMember& m) -> const std::string& { return m.municipality; },
      Collation::swedish);
  comparison.reference_count = static_cast<int>(members.size());
  return {};
}

Result<void> fill_published(store::Store& store, const EvaluationView& view, Comparison& comparison,
                            scoring::ReferenceAverage& average) {
  auto averages = store.list_published_averages();
  if (!averages) {
    return tl::unexpected(averages.error());
  }
  const model::PublishedAverage* chosen = nullptr;
  for (const auto& candidate : *averages) {
    if (candidate.framework_id == view.evaluation.framework_id &&
        candidate.country == view.evaluation.municipality.ref.country && (!chosen || candidate.as_of > chosen->as_of)) {
      chosen = &candidate;
    }
  }
  if (!chosen) {
    return fail(ErrorKind::not_found, "no_published_average",
                {{"framework", view.evaluation.framework_id}, {"country", view.evaluation.municipality.ref.country}},
                "reference");
  }
  average.areas.assign(view.framework.areas.size(), {});
  for (std::size_t i = 0; i < average.areas.size() && i < chosen->areas.size(); ++i) {
    average.areas[i] = {chosen->areas[i], 0};
  }
  average.total = {chosen->total, 0};
  comparison.reference_code = "reference_published";
  comparison.reference_args = {{"scope", chosen->scope}, {"as_of", chosen->as_of}, {"source", chosen->source_url}};
  comparison.reference_count = 0;
  return {};
}

Result<void> fill_earlier(store::Store& store, const EvaluationView& view, Comparison& comparison) {
  const auto& evaluation = view.evaluation;
  store::EvaluationFilter filter;
  filter.municipality = evaluation.municipality.ref;
  auto listed = store.list_evaluations(filter);
  if (!listed) {
    return tl::unexpected(listed.error());
  }
  auto total = view.aggregate.total.points;
  for (const auto& other : *listed) {
    if (other.id == evaluation.id) {
      continue;
    }
    auto framework = get_framework(store, other.framework_id, other.framework_version);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    auto other_total =
        scoring::aggregate(*framework, other.granularity, other.agreed_scores, other.published_total).total.points;
    comparison.earlier.push_back({other.id, other.year, other.framework_id, other_total,
                                  scoring::compare_editions(view.framework, total, other.framework_id, other.year)});
  }
  for (const auto& known : evaluation.earlier) {
    comparison.earlier.push_back({"", known.year, known.edition, std::nullopt,
                                  scoring::compare_editions(view.framework, total, known.edition, known.year)});
  }
  std::sort(comparison.earlier.begin(), comparison.earlier.end(),
            [](const EarlierComparison& a, const EarlierComparison& b) { return a.year < b.year; });
  return {};
}

} // namespace

ReferenceSpec parse_reference_spec(const std::string& text) {
  if (text.empty() || text == "default") {
    return {};
  }
  if (text == "published") {
    return {ReferenceSpec::Kind::published_average, {}};
  }
  return {ReferenceSpec::Kind::named_list, split_commas(text)};
}

Result<Comparison> compare_loaded(store::Store& store, const EvaluationView& loaded, const ReferenceSpec& reference) {
  if (reference.kind == ReferenceSpec::Kind::named_list && reference.evaluation_ids.empty()) {
    return fail(ErrorKind::bad_input, "reference_empty", {}, "reference");
  }
  const auto* view = &loaded;
  const auto& evaluation = view->evaluation;
  Comparison comparison;
  comparison.evaluation_id = evaluation.id;
  comparison.municipality = evaluation.municipality.name;
  comparison.year = evaluation.year;
  comparison.framework_id = evaluation.framework_id;
  comparison.framework_version = evaluation.framework_version;
  comparison.language = evaluation.language;
  scoring::ReferenceAverage average;
  auto filled = reference.kind == ReferenceSpec::Kind::published_average
                    ? fill_published(store, *view, comparison, average)
                    : fill_group(store, *view, reference, comparison, average);
  if (!filled) {
    return tl::unexpected(filled.error());
  }
  auto row = [](std::string label, std::string title, const scoring::NodeScore& node,
                const scoring::ReferenceFigure& figure) {
    ComparisonRow result{std::move(label), std::move(title), node.points, node.max, figure, std::nullopt};
    if (node.points && figure.mean) {
      result.difference = *node.points - *figure.mean;
    }
    return result;
  };
  for (std::size_t i = 0; i < view->framework.areas.size(); ++i) {
    const auto& area = view->framework.areas[i];
    comparison.rows.push_back(row(std::to_string(area.number), area.title.in(evaluation.language),
                                  view->aggregate.areas[i],
                                  i < average.areas.size() ? average.areas[i] : scoring::ReferenceFigure{}));
  }
  comparison.rows.push_back(row("total", "", view->aggregate.total, average.total));
  if (auto earlier = fill_earlier(store, *view, comparison); !earlier) {
    return tl::unexpected(earlier.error());
  }
  return comparison;
}

Result<Comparison> compare(store::Store& store, const std::string& id, const ReferenceSpec& reference) {
  if (reference.kind == ReferenceSpec::Kind::named_list && reference.evaluation_ids.empty()) {
    return fail(ErrorKind::bad_input, "reference_empty", {}, "reference");
  }
  return store::in_transaction(
      store,
      [&]() -> Result<Comparison> {
        auto view = load_view(store, id);
        if (!view) {
          return tl::unexpected(view.error());
        }
        return compare_loaded(store, *view, reference);
      },
      store::Access::read);
}

} // namespace kompass::app
