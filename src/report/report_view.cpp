#include "report/report_view.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "report/charts.hpp"
#include "report/templates.hpp"

namespace kompass::report {
namespace {

// The key figures every Kortfakta shows, in this order, whether stored or not: a reader should see that a
// figure is missing rather than not notice its absence.
const std::vector<std::string> k_standard_key_figures = {"population", "land_area", "tax_rate", "employees",
                                                         "net_cost"};

class LabelBook {
public:
  explicit LabelBook(const Labels& labels) : m_labels(labels) {}
  std::string operator()(const std::string& key, const std::map<std::string, std::string>& args = {}) const {
    return label_text(m_labels, key, args);
  }
  bool has(const std::string& key) const { return m_labels.contains(key); }

private:
  const Labels& m_labels;
};

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
      if (!current.empty()) {
        out.push_back(std::move(current));
        current.clear();
      }
    } else {
      auto last = line.find_last_not_of(" \t\r");
      if (!current.empty()) {
        current += ' ';
      }
      current += line.substr(first, last - first + 1);
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  if (!current.empty()) {
    out.push_back(std::move(current));
  }
  return out;
}

std::string join_list(const std::vector<std::string>& items, const std::string& conjunction) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " " + conjunction + " " : ", ";
    }
    out += items[i];
  }
  return out;
}

std::string genitive(const std::string& name) {
  if (name.empty()) {
    return name;
  }
  char last = name.back();
  return last == 's' || last == 'x' || last == 'z' ? name : name + "s";
}

ScoreText score_text(const scoring::NodeScore& node, const LabelBook& label) {
  return ScoreText{node.points, node.max, node.points ? std::to_string(*node.points) : label("not_assessed")};
}

FigureText figure_text(const scoring::ReferenceFigure& figure, Language language) {
  return FigureText{figure.mean, figure.mean ? format_number(*figure.mean, 1, language) : "–",
                    figure.mean ? figure.count : 0};
}

FigureText difference_text(std::optional<int> points, std::optional<double> reference, Language language) {
  if (!points || !reference) {
    return FigureText{std::nullopt, "–"};
  }
  double difference = *points - *reference;
  std::string sign = difference > 0.05 ? "+" : "";
  return FigureText{difference, sign + format_number(difference, 1, language)};
}

FindingView finding_view(const model::Finding& finding, const LabelBook& label) {
  FindingView view{finding.id, finding.text, finding.sub_area, {}, {}};
  for (const auto& example : finding.examples) {
    view.examples.push_back(example.reason.empty() ? example.name : example.name + " (" + example.reason + ")");
  }
  if (!view.examples.empty()) {
    std::string joined;
    for (const auto& example : view.examples) {
      joined += (joined.empty() ? "" : "; ") + example;
    }
    view.examples_text = label("good_examples", {{"examples", joined}});
  }
  return view;
}

std::vector<std::string> narrative_of(const model::Evaluation& evaluation, int area, const std::string& sub_area) {
  std::vector<std::string> out;
  for (const auto& narrative : evaluation.narratives) {
    if (narrative.area == area && narrative.sub_area == sub_area) {
      for (auto& paragraph : paragraphs(narrative.text)) {
        out.push_back(std::move(paragraph));
      }
    }
  }
  return out;
}

// Lookups by id built once per report: a question-level report looks up every question's score node and
// rationale, and linear scans made that quadratic in the number of questions.
struct ScoreIndex {
  std::unordered_map<std::string_view, const scoring::NodeScore*> questions;
  std::unordered_map<std::string_view, const scoring::NodeScore*> sub_areas;
  std::unordered_map<std::string_view, std::string_view> rationales; // question id → the agreed score's rationale

  explicit ScoreIndex(const ReportInput& input) {
    for (const auto& node : input.aggregate.questions) {
      questions.emplace(node.id, &node);
    }
    for (const auto& node : input.aggregate.sub_areas) {
      sub_areas.emplace(node.id, &node);
    }
    for (const auto& score : input.evaluation.scores) {
      if (score.evaluator.empty() && score.target == model::ScoreTarget::question) {
        rationales[score.target_id] = score.rationale; // of several agreed scores the last counts, as in aggregate
      }
    }
  }
  static const scoring::NodeScore* find(const std::unordered_map<std::string_view, const scoring::NodeScore*>& nodes,
                                        const std::string& id) {
    auto it = nodes.find(id);
    return it == nodes.end() ? nullptr : it->second;
  }
  std::string rationale(const std::string& id) const {
    auto it = rationales.find(id);
    return it == rationales.end() ? std::string() : std::string(it->second);
  }
};

AreaView area_view(const ReportInput& input, const ScoreIndex& scores, std::size_t index, Language language,
                   bool question_level, const LabelBook& label) {
  const auto& evaluation = input.evaluation;
  const auto& area = input.framework.areas[index];
  const std::string& lang = to_string(language);
  const std::string& fallback = input.framework.primary_language();
  AreaView view;
  view.number = area.number;
  view.anchor = "omrade-" + std::to_string(area.number);
  view.title = area.title.in(lang, fallback);
  view.heading = label("area_heading", {{"number", std::to_string(area.number)}, {"title", view.title}});
  view.narrative = narrative_of(evaluation, area.number, "");
  for (const auto& sub_area : area.sub_areas) {
    SubAreaView sub{sub_area.id,
                    sub_area.title.in(lang, fallback),
                    narrative_of(evaluation, area.number, sub_area.id),
                    std::nullopt,
                    {}};
    if (question_level) {
      if (const auto* node = ScoreIndex::find(scores.sub_areas, sub_area.id)) {
        sub.score = score_text(*node, label);
      }
      for (const auto& question : sub_area.questions) {
        const auto* node = ScoreIndex::find(scores.questions, question.id);
        sub.questions.push_back(QuestionView{question.id, question.text.in(lang, fallback),
                                             node ? score_text(*node, label)
                                                  : ScoreText{std::nullopt, question.max_points, label("not_assessed")},
                                             scores.rationale(question.id)});
      }
    }
    view.sub_areas.push_back(std::move(sub));
  }
  view.score = score_text(input.aggregate.areas[index], label);
  view.reference = figure_text(
      index < input.reference.areas.size() ? input.reference.areas[index] : scoring::ReferenceFigure{}, language);
  for (const auto& finding : evaluation.findings) {
    if (finding.area != area.number) {
      continue;
    }
    auto finding_text = finding_view(finding, label);
    switch (finding.kind) {
    case model::FindingKind::strength:
      view.strengths.push_back(std::move(finding_text));
      break;
    case model::FindingKind::improvement:
      view.improvements.push_back(std::move(finding_text));
      break;
    case model::FindingKind::weakness:
      view.weaknesses.push_back(std::move(finding_text));
      break;
    }
  }
  auto rows = std::max({view.strengths.size(), view.improvements.size(), view.weaknesses.size()});
  auto at = [](const std::vector<FindingView>& list, std::size_t row) {
    return row < list.size() ? std::optional<FindingView>(list[row]) : std::nullopt;
  };
  for (std::size_t row = 0; row < rows; ++row) {
    view.findings.push_back(FindingRow{at(view.strengths, row), at(view.improvements, row), at(view.weaknesses, row)});
  }
  return view;
}

std::vector<std::string> how_paragraphs(const ReportInput& input, const LabelBook& label) {
  const auto& evaluation = input.evaluation;
  int documents = 0;
  int websites = 0;
  int interviews = 0;
  int people = 0;
  std::vector<std::string> groups;
  for (const auto& source : evaluation.sources) {
    switch (source.kind) {
    case model::SourceKind::document:
      ++documents;
      break;
    case model::SourceKind::website:
      ++websites;
      break;
    case model::SourceKind::interview:
      ++interviews;
      people += source.people.value_or(0);
      groups.push_back(source.people ? fmt::format("{} ({})", source.title, *source.people) : source.title);
      break;
    }
  }
  std::vector<std::string> out;
  out.push_back(label("how_sources", {{"documents", std::to_string(documents)},
                                      {"websites", std::to_string(websites)},
                                      {"interviews", std::to_string(interviews)}}));
  auto group_list = join_list(groups, label("and"));
  if (people > 0) {
    out.push_back(label("how_people", {{"people", std::to_string(people)}, {"groups", group_list}}));
  } else if (!groups.empty()) {
    out.push_back(label("how_groups", {{"groups", group_list}}));
  }
  if (!evaluation.dates.interviews.empty()) {
    out.push_back(label("how_dates", {{"date", evaluation.dates.interviews}}));
  }
  std::vector<std::string> earlier;
  for (const auto& entry : input.trend) {
    if (entry.year < evaluation.year && !entry.current) {
      earlier.push_back(std::to_string(entry.year));
    }
  }
  if (!earlier.empty()) {
    out.push_back(label("how_earlier", {{"years", join_list(earlier, label("and"))}}));
  }
  return out;
}

std::vector<KeyFactView> key_facts(const model::Municipality& municipality, Language language, const LabelBook& label) {
  std::vector<std::string> keys = k_standard_key_figures;
  for (const auto& figure : municipality.key_figures) {
    if (std::find(keys.begin(), keys.end(), figure.key) == keys.end()) {
      keys.push_back(figure.key);
    }
  }
  std::vector<KeyFactView> out;
  for (const auto& key : keys) {
    const model::KeyFigure* latest = nullptr;
    for (const auto& figure : municipality.key_figures) {
      if (figure.key == key && (!latest || figure.year > latest->year)) {
        latest = &figure;
      }
    }
    KeyFactView view{key, label.has("key_" + key) ? label("key_" + key) : key, std::nullopt, label("missing"), "", ""};
    if (latest) {
      double whole = std::round(latest->value);
      int decimals = std::abs(latest->value - whole) < 1e-9 ? 0 : 2;
      view.value = latest->value;
      view.value_text = format_number(latest->value, decimals, language);
      if (!latest->unit.empty()) {
        view.value_text += " " + latest->unit;
      }
      view.year = std::to_string(latest->year);
      view.source = latest->source;
    }
    out.push_back(std::move(view));
  }
  return out;
}

std::vector<ChartView> charts(const ReportInput& input, const ReportView& view, const LabelBook& label) {
  std::map<std::string, std::string> names = {{"municipality", view.municipality},
                                              {"year", std::to_string(view.year)},
                                              {"reference", view.reference_description}};
  std::string series_name = view.municipality + " " + std::to_string(view.year);
  AreaChart area_chart;
  ChartSeries own{series_name, {}};
  ChartSeries reference{label("reference_series"), {}};
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < view.areas.size(); ++i) {
    const auto& area = view.areas[i];
    area_chart.labels.push_back(std::to_string(area.number));
    std::optional<double> points;
    if (area.score.points) {
      points = *area.score.points;
    }
    own.values.push_back(points);
    reference.values.push_back(area.reference.value);
    rows.push_back({std::to_string(area.number), area.title, area.score.text, area.reference.text});
  }
  area_chart.series = {own, reference};
  area_chart.max = 100;
  std::vector<std::string> columns = {label("area"), label("heading"), series_name, label("reference_series")};

  std::vector<ChartView> out;
  area_chart.id = "profil";
  area_chart.title = label("chart_profile_title", names);
  area_chart.description = label("chart_profile_description", names);
  out.push_back(ChartView{area_chart.id, area_chart.title, area_chart.description, profile_svg(area_chart),
                          "profil.png", columns, rows});
  area_chart.id = "staplar";
  area_chart.title = label("chart_bars_title", names);
  area_chart.description = label("chart_bars_description", names);
  out.push_back(ChartView{area_chart.id, area_chart.title, area_chart.description, bar_svg(area_chart), "staplar.png",
                          columns, rows});

  if (input.trend.size() >= 2) {
    TrendChart trend;
    trend.id = "trend";
    trend.title = label("chart_trend_title", names);
    trend.description = label("chart_trend_description", names);
    trend.max = input.framework.max_points;
    std::vector<std::vector<std::string>> trend_rows;
    std::string previous_edition;
    for (const auto& entry : input.trend) {
      TrendPoint point{std::to_string(entry.year),
                       entry.edition,
                       std::nullopt,
                       std::nullopt,
                       std::nullopt,
                       !previous_edition.empty() && entry.edition != previous_edition};
      if (entry.total) {
        point.value = *entry.total;
      }
      std::string comparable = "–";
      // The interval is this report's total restated for that older edition: it goes into the table, not
      // onto the older evaluation's place in the chart, where it would read as that evaluation's result.
      if (entry.compare_low && entry.compare_high) {
        comparable = std::to_string(*entry.compare_low) + "–" + std::to_string(*entry.compare_high);
      }
      trend.max = std::max<double>(trend.max, entry.max);
      previous_edition = entry.edition;
      trend.points.push_back(point);
      trend_rows.push_back({std::to_string(entry.year), entry.edition,
                            entry.total ? std::to_string(*entry.total) : label("missing"), comparable});
    }
    out.push_back(ChartView{trend.id,
                            trend.title,
                            trend.description,
                            trend_svg(trend),
                            "trend.png",
                            {label("year"), label("edition"), label("total"), label("comparable_as")},
                            trend_rows});
  }
  return out;
}

std::string points_text(const std::optional<int>& points, int max, const LabelBook& label) {
  if (max == 0) {
    return "–";
  }
  return points ? std::to_string(*points) : label("not_assessed");
}

std::string difference_points(const std::optional<int>& difference) {
  if (!difference) {
    return "–";
  }
  return (*difference > 0 ? "+" : "") + std::to_string(*difference);
}

FollowupChapterView followup_chapter(const ReportInput& input, const FollowupInput& followup, const std::string& lang,
                                     const LabelBook& label) {
  const auto& result = followup.followup;
  FollowupChapterView chapter;
  chapter.intro = label("followup_intro", {{"year", std::to_string(followup.baseline_year)}});
  if (result.comparison.comparability == scoring::Comparability::interval) {
    chapter.note =
        label("followup_interval", {{"previous", points_text(result.total.previous, result.total.previous_max, label)},
                                    {"low", std::to_string(*result.comparison.low)},
                                    {"high", std::to_string(*result.comparison.high)}});
  } else if (result.edition_changed) {
    chapter.note = label("followup_not_comparable", {{"edition", followup.baseline_edition}});
  }
  for (const auto& change : result.areas) {
    const auto* area = input.framework.find_area(std::stoi(change.id));
    chapter.rows.push_back({change.id, area != nullptr ? area->title.in(lang, input.framework.primary_language()) : "",
                            points_text(change.previous, change.previous_max, label),
                            points_text(change.current, change.max, label), difference_points(change.difference),
                            false});
  }
  const auto& total = result.total;
  chapter.rows.push_back({"", label("total"), points_text(total.previous, total.previous_max, label),
                          points_text(total.current, total.max, label), difference_points(total.difference), true});
  for (const auto& outcome : result.findings) {
    const auto& finding = outcome.finding;
    chapter.findings.push_back({finding.sub_area.empty() ? std::to_string(finding.area) : finding.sub_area,
                                label(std::string("kind_") + model::to_string(finding.kind)), finding.text,
                                label(std::string("followup_fate_") + scoring::to_string(outcome.fate))});
  }
  for (const auto& outcome : result.actions) {
    if (outcome.action.status != model::ActionStatus::done || !outcome.area) {
      continue;
    }
    const auto& area = *outcome.area;
    std::string change =
        points_text(area.previous, area.previous_max, label) + " → " + points_text(area.current, area.max, label);
    if (area.difference) {
      change += " (" + difference_points(area.difference) + ")";
    }
    chapter.actions.push_back({outcome.action.title, std::to_string(outcome.action.area), change});
  }
  return chapter;
}

} // namespace

std::optional<Language> parse_language(std::string_view text) {
  if (text == "sv") {
    return Language::sv;
  }
  if (text == "nb") {
    return Language::nb;
  }
  if (text == "en") {
    return Language::en;
  }
  return std::nullopt;
}

const char* to_string(Language language) {
  switch (language) {
  case Language::sv:
    return "sv";
  case Language::nb:
    return "nb";
  case Language::en:
    return "en";
  }
  return "sv";
}

std::string format_number(double value, int decimals, Language language) {
  std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
  if (digits.find_first_not_of("0.") == std::string::npos) {
    value = 0; // no "-0,0"
  }
  auto point = digits.find('.');
  std::string whole = digits.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : digits.substr(point + 1);
  // Swedish and Norwegian group thousands with a no-break space so a figure never wraps; English with a comma.
  std::string group = language == Language::en ? "," : "\u00a0";
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) {
      grouped += group;
    }
    grouped += whole[i];
  }
  std::string out = value < 0 ? "-" + grouped : grouped;
  if (!fraction.empty()) {
    out += (language == Language::en ? "." : ",") + fraction;
  }
  return out;
}

ReportView make_view(const ReportInput& input, Language language, const Labels& labels) {
  LabelBook label(labels);
  const auto& evaluation = input.evaluation;
  const auto& framework = input.framework;
  const std::string lang = to_string(language);
  ReportView view;
  view.language = language;
  view.labels = labels;
  view.municipality = evaluation.municipality.name;
  view.year = evaluation.year;
  view.municipality_long =
      label("municipality_long", {{"name", view.municipality}, {"genitive", genitive(view.municipality)}});
  view.title =
      label("report_title", {{"municipality_long", view.municipality_long}, {"year", std::to_string(view.year)}});
  view.framework_title = framework.title.in(lang, framework.primary_language());
  view.framework_id = framework.id;
  view.framework_version = framework.version;
  view.date = evaluation.dates.report.empty() ? input.today : evaluation.dates.report;
  view.question_level =
      evaluation.granularity == model::Granularity::question && framework.level == model::FrameworkLevel::question;

  std::vector<std::string> organisations;
  for (auto role : {model::EvaluatorRole::lead, model::EvaluatorRole::peer}) {
    for (const auto& evaluator : evaluation.evaluators) {
      if (evaluator.role == role && !evaluator.organisation.empty() &&
          std::find(organisations.begin(), organisations.end(), evaluator.organisation) == organisations.end()) {
        organisations.push_back(evaluator.organisation);
      }
    }
    if (!organisations.empty()) {
      break; // the header names the lead evaluators' organisation; peers' only when no lead has one
    }
  }
  view.organisation = join_list(organisations, label("and"));
  for (const auto& evaluator : evaluation.evaluators) {
    view.evaluators.push_back(EvaluatorView{evaluator.name, evaluator.organisation});
  }

  std::vector<std::string> area_titles;
  for (const auto& area : framework.areas) {
    area_titles.push_back(area.title.in(lang, framework.primary_language()));
  }
  std::map<std::string, std::string> method_args = {{"area_count", std::to_string(framework.areas.size())},
                                                    {"area_list", join_list(area_titles, label("and"))},
                                                    {"max", std::to_string(framework.max_points)}};
  for (const char* key : {"method_1", "method_2", "method_3", "method_4"}) {
    view.method.push_back(label(key, method_args));
  }
  view.how = how_paragraphs(input, label);
  view.summary = paragraphs(evaluation.summary);

  view.total = score_text(input.aggregate.total, label);
  view.reference_total = figure_text(input.reference.total, language);
  view.reference_count = input.reference.count;
  view.reference_members = input.reference.members;
  auto description_args = input.reference.args;
  description_args.emplace("criteria", "");
  for (const auto& criterion : input.reference.criteria) {
    description_args["criteria"] += ", " + label(criterion.code, criterion.args);
  }
  std::string description = label(input.reference.code, description_args);
  if (input.reference.count > 0) {
    view.reference_description = label(
        "reference_description", {{"description", description}, {"count", std::to_string(input.reference.count)}});
  } else if (input.reference.total.mean || std::any_of(input.reference.areas.begin(), input.reference.areas.end(),
                                                       [](const auto& figure) { return figure.mean.has_value(); })) {
    view.reference_description = label("reference_description_without_n", {{"description", description}});
  } else {
    view.reference_description = label("reference_none");
  }

  if (const auto& rule = framework.earlier_edition_rule) {
    view.comparability.push_back(label("comparability_rule", {{"before_year", std::to_string(rule->before_year)},
                                                              {"add_min", std::to_string(rule->add_min)},
                                                              {"add_max", std::to_string(rule->add_max)}}));
  }
  for (const auto& entry : input.trend) {
    if (!entry.current && entry.compare_low && entry.compare_high && view.total.points) {
      view.comparability.push_back(label("comparability_interval", {{"year", std::to_string(entry.year)},
                                                                    {"total", view.total.text},
                                                                    {"low", std::to_string(*entry.compare_low)},
                                                                    {"high", std::to_string(*entry.compare_high)}}));
    }
  }

  ScoreIndex scores(input);
  for (std::size_t i = 0; i < framework.areas.size() && i < input.aggregate.areas.size(); ++i) {
    view.areas.push_back(area_view(input, scores, i, language, view.question_level, label));
  }

  for (const auto& area : view.areas) {
    view.overview.push_back(OverviewRow{OverviewRow::Level::area, std::to_string(area.number), area.title, area.score,
                                        area.reference,
                                        difference_text(area.score.points, area.reference.value, language), ""});
    if (!view.question_level) {
      continue;
    }
    for (const auto& sub : area.sub_areas) {
      view.overview.push_back(OverviewRow{OverviewRow::Level::sub_area, sub.id, sub.title,
                                          sub.score.value_or(ScoreText{}), FigureText{std::nullopt, ""},
                                          FigureText{std::nullopt, ""}, ""});
      for (const auto& question : sub.questions) {
        view.overview.push_back(OverviewRow{OverviewRow::Level::question, question.id, question.text, question.score,
                                            FigureText{std::nullopt, ""}, FigureText{std::nullopt, ""},
                                            question.rationale});
      }
    }
  }
  view.overview.push_back(OverviewRow{OverviewRow::Level::total, "total", label("total"), view.total,
                                      view.reference_total,
                                      difference_text(view.total.points, view.reference_total.value, language), ""});

  view.key_facts = key_facts(evaluation.municipality, language, label);
  view.charts = charts(input, view, label);
  if (input.followup) {
    view.followup = followup_chapter(input, *input.followup, lang, label);
  }
  return view;
}

} // namespace kompass::report
