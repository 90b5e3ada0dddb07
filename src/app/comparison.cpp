#include "app/comparison.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>

#include "app/catalog.hpp"
#include "app/evaluations.hpp"
#include "app/text.hpp"
#include "app/validation.hpp"

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

std::string trimmed(std::string_view text) {
  auto begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) {
    return {};
  }
  return std::string(text.substr(begin, text.find_last_not_of(' ') - begin + 1));
}

Result<ReferenceSpec> bad_criterion(const std::string& code, const std::string& criterion, const std::string& value) {
  return fail(ErrorKind::bad_input, code, {{"criterion", criterion}, {"value", value}}, "reference");
}

std::optional<long> whole_number(std::string_view text) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

// "2010-2014", "2010-", "-2014" or "2012"; an en dash may stand for the hyphen.
std::optional<NumberRange> parse_range(std::string text) {
  for (auto dash = text.find("\u2013"); dash != std::string::npos; dash = text.find("\u2013")) {
    text.replace(dash, 3, "-");
  }
  NumberRange range;
  auto dash = text.find('-');
  if (dash == std::string::npos) {
    range.min = range.max = whole_number(trimmed(text));
    return range.min ? std::optional(range) : std::nullopt;
  }
  auto from = trimmed(text.substr(0, dash));
  auto to = trimmed(text.substr(dash + 1));
  if (!from.empty()) {
    range.min = whole_number(from);
  }
  if (!to.empty()) {
    range.max = whole_number(to);
  }
  bool ok = (from.empty() || range.min) && (to.empty() || range.max) && (range.min || range.max) &&
            (!range.min || !range.max || *range.min <= *range.max);
  return ok ? std::optional(range) : std::nullopt;
}

bool same_ascii_case_folded(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

Result<ReferenceSpec> parse_filter(const std::string& text) {
  static const std::vector<std::string> k_keys = {"edition", "years", "country", "population", "group"};
  ReferenceSpec spec;
  spec.kind = ReferenceSpec::Kind::filtered;
  auto& filter = spec.filter;
  std::set<std::string> seen;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ';')) {
    part = trimmed(part);
    if (part.empty()) {
      continue;
    }
    auto equals = part.find('=');
    if (equals == std::string::npos) {
      return bad_criterion("reference_bad_criterion", part, "");
    }
    auto key = trimmed(part.substr(0, equals));
    auto value = trimmed(part.substr(equals + 1));
    if (std::find(k_keys.begin(), k_keys.end(), key) == k_keys.end()) {
      return bad_criterion("reference_unknown_criterion", key, value);
    }
    if (!seen.insert(key).second) {
      return bad_criterion("reference_duplicate_criterion", key, value);
    }
    if (value.empty()) {
      return bad_criterion("reference_bad_criterion", part, value);
    }
    if (key == "edition") {
      filter.edition = value;
    } else if (key == "years" || key == "population") {
      auto range = parse_range(value);
      if (!range) {
        return bad_criterion("reference_bad_range", key, value);
      }
      (key == "years" ? filter.years : filter.population) = range;
    } else {
      auto& list = key == "country" ? filter.countries : filter.groups;
      list = split_commas(value);
      if (list.empty()) {
        return bad_criterion("reference_bad_criterion", part, value);
      }
      for (const auto& country : key == "country" ? list : std::vector<std::string>{}) {
        if (auto known = check_country(country, "reference"); !known) {
          return tl::unexpected(known.error());
        }
      }
    }
  }
  if (seen.empty()) {
    return fail(ErrorKind::bad_input, "reference_empty", {}, "reference");
  }
  return spec;
}

bool matches(const ReferenceFilter& filter, const model::EvaluationSummary& summary) {
  const auto& municipality = summary.municipality;
  if (filter.years && !filter.years->contains(summary.year)) {
    return false;
  }
  if (!filter.countries.empty() &&
      std::find(filter.countries.begin(), filter.countries.end(), municipality.ref.country) == filter.countries.end()) {
    return false;
  }
  if (filter.population && (!municipality.population || !filter.population->contains(*municipality.population))) {
    return false;
  }
  if (!filter.groups.empty()) {
    if (!municipality.group) {
      return false;
    }
    return std::any_of(filter.groups.begin(), filter.groups.end(),
                       [&](const std::string& group) { return same_ascii_case_folded(group, *municipality.group); });
  }
  return true;
}

// "96000" → "96 000": the description is shared by every language, and a space reads in all of them.
std::string grouped(long value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ' ';
    }
    out += digits[i];
  }
  return out;
}

// A range as one of four descriptions: "{min}–{max}", "{value}", from "{min}" or up to "{max}".
DescriptionPart range_part(const std::string& prefix, const NumberRange& range, std::string (*format)(long)) {
  if (range.min && range.max) {
    if (*range.min == *range.max) {
      return {prefix + "_exactly", {{"value", format(*range.min)}}};
    }
    return {prefix + "_between", {{"min", format(*range.min)}, {"max", format(*range.max)}}};
  }
  if (range.min) {
    return {prefix + "_from", {{"min", format(*range.min)}}};
  }
  return {prefix + "_to", {{"max", format(range.max.value_or(0))}}};
}

std::string joined(const std::vector<std::string>& values, const std::string& separator) {
  std::string out;
  for (const auto& value : values) {
    out += (out.empty() ? "" : separator) + value;
  }
  return out;
}

std::vector<DescriptionPart> describe_criteria(const ReferenceFilter& filter) {
  std::vector<DescriptionPart> parts;
  if (filter.years) {
    parts.push_back(range_part("reference_years", *filter.years, [](long year) { return std::to_string(year); }));
  }
  if (!filter.countries.empty()) {
    parts.push_back({"reference_country", {{"countries", joined(filter.countries, "/")}}});
  }
  if (filter.population) {
    parts.push_back(range_part("reference_population", *filter.population, grouped));
  }
  if (!filter.groups.empty()) {
    parts.push_back({"reference_group", {{"groups", joined(filter.groups, "/")}}});
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
  // A group of thousands pins a few versions: each is looked up once.
  std::map<std::pair<std::string, std::string>, model::Framework> frameworks;
  for (const auto& member : members) {
    auto key = std::make_pair(member.framework_id, member.framework_version);
    auto it = frameworks.find(key);
    if (it == frameworks.end()) {
      auto framework = get_framework(store, member.framework_id, member.framework_version);
      if (!framework) {
        return tl::unexpected(framework.error());
      }
      it = frameworks.emplace(key, std::move(*framework)).first;
    }
    aggregates.push_back(scoring::aggregate(it->second, member.granularity, member.agreed_scores,
                                            member.published_total, scoring::Detail::areas_and_total));
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
  } else if (spec.kind == ReferenceSpec::Kind::filtered) {
    ReferenceFilter criteria = spec.filter;
    if (criteria.edition) {
      // Results of another edition are never averaged with this one's: asking for them is a mistake.
      auto edition = get_framework(store, *criteria.edition);
      if (!edition) {
        return tl::unexpected(edition.error());
      }
      if (edition->id != evaluation.framework_id) {
        return fail(ErrorKind::bad_input, "reference_edition_not_comparable",
                    {{"edition", *criteria.edition}, {"framework", evaluation.framework_id}}, "reference");
      }
    }
    criteria.edition = evaluation.framework_id;
    store::EvaluationFilter filter;
    filter.framework_id = evaluation.framework_id;
    if (criteria.countries.size() == 1) {
      filter.country = criteria.countries.front();
    }
    filter.statuses = {model::Status::final, model::Status::published};
    auto listed = store.list_evaluations(filter);
    if (!listed) {
      return tl::unexpected(listed.error());
    }
    for (auto& summary : *listed) {
      if (summary.municipality.ref != evaluation.municipality.ref && matches(criteria, summary)) {
        members.push_back(std::move(summary));
      }
    }
    comparison.reference_code = "reference_filtered";
    comparison.reference_args = {{"framework", view.framework.title.in(evaluation.language)},
                                 {"municipality", evaluation.municipality.name}};
    comparison.reference_criteria = describe_criteria(criteria);
    comparison.reference_filter = criteria;
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
    auto other_total = scoring::aggregate(*framework, other.granularity, other.agreed_scores, other.published_total,
                                          scoring::Detail::areas_and_total)
                           .total.points;
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

bool NumberRange::contains(long value) const { return (!min || value >= *min) && (!max || value <= *max); }

Result<ReferenceSpec> parse_reference_spec(const std::string& text) {
  if (text.empty() || text == "default") {
    return ReferenceSpec{};
  }
  if (text == "published") {
    return ReferenceSpec{ReferenceSpec::Kind::published_average, {}, {}};
  }
  if (text.find('=') != std::string::npos) {
    return parse_filter(text);
  }
  auto ids = split_commas(text);
  if (ids.empty()) {
    return fail(ErrorKind::bad_input, "reference_empty", {}, "reference");
  }
  return ReferenceSpec{ReferenceSpec::Kind::named_list, std::move(ids), {}};
}

std::string describe_reference(model::UiLanguage language, const Comparison& comparison) {
  auto args = comparison.reference_args;
  std::string criteria;
  for (const auto& part : comparison.reference_criteria) {
    criteria += ", " + model::message(language, part.code, part.args);
  }
  args["criteria"] = criteria;
  return model::message(language, comparison.reference_code, args);
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
