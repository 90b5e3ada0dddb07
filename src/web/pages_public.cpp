// The pages anyone may see: start, municipality search, municipality, evaluation overview, report,
// comparison, rankings, sign-in, accessibility statement and errors.

#include <algorithm>

#include "report/charts.hpp"
#include "web/page_data.hpp"

namespace kompass::web {

using model::UiLanguage;
using report::mustache::Value;

const std::string& localized(const model::LocalizedText& text, UiLanguage language, const model::Framework& framework) {
  return text.in(language_code(language), framework.primary_language());
}

std::string evaluation_url(const std::string& id) { return "/evaluations/" + url_encode(id); }

std::string municipality_url(const model::MunicipalityRef& ref) {
  return "/municipalities/" + url_encode(ref.country) + "/" + url_encode(ref.code);
}

std::string anchor_of(const std::string& id) {
  std::string out = id;
  std::replace(out.begin(), out.end(), '.', '-');
  return out;
}

std::string header_title(const Pages::Impl& impl, UiLanguage language, const EvaluationHeader& head,
                         std::string_view current) {
  std::map<std::string, std::string> args = {{"municipality", head.municipality}, {"year", std::to_string(head.year)}};
  return impl.text(language, "heading_" + std::string(current), args);
}

Value header_data(const Pages::Impl& impl, UiLanguage language, const EvaluationHeader& head,
                  std::string_view current) {
  Value out = Value::object(8);
  out.add("kicker", impl.text(language, "evaluation_kicker"));
  out.add("heading", header_title(impl, language, head, current));
  out.add("status", model::to_string(head.status));
  out.add("status_text", impl.text(language, std::string("status_") + model::to_string(head.status)));
  out.add("framework_title", head.framework_title);
  out.add("municipality_url", municipality_url(head.municipality_ref));
  out.add("municipality_link", impl.text(language, "municipality_link", {{"municipality", head.municipality}}));
  const std::string base = evaluation_url(head.id);
  struct Tab {
    const char* name;
    std::string href;
    bool shown;
  };
  const Tab tabs[] = {{"overview", base, true},
                      {"report", base + "/report", true},
                      {"scoring", base + "/scoring", head.may_edit},
                      {"findings", base + "/findings", true},
                      {"sources", base + "/sources", true},
                      {"audit", base + "/audit", true},
                      {"actions", base + "/actions", head.may_read_actions}};
  Value list = Value::list(7);
  for (const auto& tab : tabs) {
    if (!tab.shown) {
      continue;
    }
    Value item = Value::object(3);
    item.add("href", std::string(tab.href));
    item.add("text", impl.text(language, std::string("tab_") + tab.name));
    item.add("current", current == tab.name);
    list.push(std::move(item));
  }
  out.add("tabs", std::move(list));
  return out;
}

void add_field_error(Value& data, const std::optional<FieldError>& error, std::string_view id_prefix,
                     std::initializer_list<std::string_view> fields) {
  Value err = Value::object(fields.size());
  bool tied = false;
  for (auto field : fields) {
    const bool match = error && error->field == field;
    tied = tied || match;
    err.add(field, match ? Value(error->message) : Value(false));
  }
  data.set("err", std::move(err));
  if (!error) {
    data.set("error", false);
    return;
  }
  Value summary = Value::object(2);
  summary.add("message", error->message);
  summary.add("target", tied ? Value(std::string(id_prefix) + error->field) : Value(false));
  data.set("error", std::move(summary));
}

Value options(const std::vector<std::pair<std::string, std::string>>& items, const std::string& selected) {
  Value list = Value::list(items.size());
  for (const auto& [value, text] : items) {
    Value item = Value::object(3);
    item.add("value", std::string(value));
    item.add("text", std::string(text));
    item.add("selected", value == selected);
    list.push(std::move(item));
  }
  return list;
}

namespace {

std::string score_text(const Pages::Impl& impl, UiLanguage language, const std::optional<int>& points) {
  return points ? std::to_string(*points) : impl.text(language, "not_assessed");
}

std::string figure_text(UiLanguage language, const std::optional<double>& value) {
  return value ? decimal(language, *value) : std::string("–");
}

std::string grouped(UiLanguage language, long value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  const std::string separator = language == UiLanguage::sv ? "\u00a0" : ",";
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += separator;
    }
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

Value result_list(const Pages::Impl& impl, UiLanguage language, const std::vector<ResultItem>& items) {
  Value list = Value::list(items.size());
  for (const auto& item : items) {
    Value entry = Value::object(6);
    entry.add("url", evaluation_url(item.evaluation_id));
    entry.add("municipality", item.municipality);
    entry.add("year", std::to_string(item.year));
    entry.add("total", score_text(impl, language, item.total));
    entry.add("max", std::to_string(item.max));
    list.push(std::move(entry));
  }
  return list;
}

Value municipality_list(const std::vector<MunicipalityItem>& items) {
  Value list = Value::list(items.size());
  for (const auto& item : items) {
    Value entry = Value::object(3);
    entry.add("url", municipality_url(item.ref));
    entry.add("name", item.name);
    entry.add("county", item.county ? Value(*item.county) : Value(false));
    list.push(std::move(entry));
  }
  return list;
}

Value downloads(const Pages::Impl& impl, UiLanguage language, const std::string& base) {
  const char* formats[] = {"pdf", "docx", "xlsx", "html"};
  Value list = Value::list(4);
  for (const char* format : formats) {
    Value entry = Value::object(2);
    entry.add("href", base + "/report." + format);
    entry.add("text", impl.text(language, std::string("download_") + format));
    list.push(std::move(entry));
  }
  return list;
}

std::string change_text(const Pages::Impl& impl, UiLanguage language, const TrendItem& item) {
  if (!item.comparison) {
    return "–";
  }
  switch (item.comparison->comparability) {
  case scoring::Comparability::comparable:
    if (item.difference) {
      std::string sign = *item.difference > 0 ? "+" : (*item.difference < 0 ? "\u2212" : "±");
      return impl.text(
          language, "change_difference",
          {{"difference", sign + std::to_string(*item.difference < 0 ? -*item.difference : *item.difference)}});
    }
    return impl.text(language, "change_comparable");
  case scoring::Comparability::interval:
    if (item.comparison->low && item.comparison->high) {
      return impl.text(
          language, "change_interval",
          {{"low", std::to_string(*item.comparison->low)}, {"high", std::to_string(*item.comparison->high)}});
    }
    return impl.text(language, "change_not_comparable");
  case scoring::Comparability::not_comparable:
    return impl.text(language, "change_not_comparable");
  }
  return "–";
}

} // namespace

std::string Pages::start(const Frame& frame, const StartPage& page) const {
  const auto& impl = *m_impl;
  Value data = Value::object(4);
  data.add("query", "");
  data.add("has_latest", !page.latest.empty());
  data.add("latest", result_list(impl, frame.language, page.latest));
  return impl.render_page(frame, impl.text(frame.language, "start_heading"), "start", std::move(data), "start");
}

std::string Pages::municipalities(const Frame& frame, const MunicipalitiesPage& page) const {
  const auto& impl = *m_impl;
  Value data = Value::object(5);
  data.add("query", page.query);
  data.add("has_matches", !page.matches.empty());
  data.add("matches", municipality_list(page.matches));
  const char* count_key = page.matches.empty()       ? "municipalities_none"
                          : page.matches.size() == 1 ? "municipalities_count_one"
                                                     : "municipalities_count";
  data.add("count_text", impl.text(frame.language, count_key,
                                   {{"count", std::to_string(page.matches.size())}, {"query", page.query}}));
  return impl.render_page(frame, impl.text(frame.language, "municipalities_heading"), "municipalities", std::move(data),
                          "start");
}

std::string Pages::municipality_options(const Frame& frame, const MunicipalitiesPage& page) const {
  Value data = Value::object(1);
  data.add("matches", municipality_list(page.matches));
  return m_impl->render_fragment(frame.language, "municipality_options", std::move(data));
}

std::string Pages::municipality(const Frame& frame, const MunicipalityPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const auto& m = page.municipality;
  Value data = Value::object(12);
  data.add("name", m.name);
  data.add("code", m.ref.country == "SE" ? std::string(m.ref.code) : m.ref.country + ":" + m.ref.code);
  data.add("county", m.county ? Value(*m.county) : Value(false));
  data.add("population", m.population ? Value(grouped(language, *m.population)) : Value(false));
  data.add("group", m.group ? Value(*m.group) : Value(false));
  data.add("has_entries", !page.entries.empty());
  data.add("trend_caption", impl.text(language, "trend_caption", {{"municipality", m.name}}));

  report::TrendChart chart;
  chart.id = "trend";
  chart.title = impl.text(language, "chart_trend_title", {{"municipality", m.name}});
  chart.description = impl.text(language, "chart_trend_description", {{"municipality", m.name}});
  chart.max = 0;
  std::string previous_edition;
  Value entries = Value::list(page.entries.size());
  for (const auto& item : page.entries) {
    report::TrendPoint point;
    point.label = std::to_string(item.year);
    point.edition = item.edition;
    if (item.total) {
      point.value = *item.total;
    }
    point.edition_change = !previous_edition.empty() && item.edition != previous_edition;
    previous_edition = item.edition;
    chart.max = std::max<double>(chart.max, item.max);
    chart.points.push_back(point);

    Value entry = Value::object(10);
    entry.add("year", std::to_string(item.year));
    entry.add("edition", item.edition);
    entry.add("status_text", item.status ? impl.text(language, std::string("status_") + model::to_string(*item.status))
                                         : std::string("–"));
    entry.add("total", item.total ? std::to_string(*item.total) : std::string("–"));
    entry.add("max", item.max > 0 ? std::to_string(item.max) : std::string("–"));
    entry.add("change", change_text(impl, language, item));
    entry.add("url", item.evaluation_id.empty() ? Value(false) : Value(evaluation_url(item.evaluation_id)));
    entry.add("link_text",
              impl.text(language, "evaluation_link", {{"municipality", m.name}, {"year", std::to_string(item.year)}}));
    entries.push(std::move(entry));
  }
  if (chart.max <= 0) {
    chart.max = 800;
  }
  data.add("entries", std::move(entries));
  if (!page.entries.empty()) {
    Value chart_value = Value::object(4);
    chart_value.add("id", chart.id);
    chart_value.add("title", chart.title);
    chart_value.add("description", chart.description);
    chart_value.add("svg", report::trend_svg(chart));
    data.add("chart", std::move(chart_value));
  } else {
    data.add("chart", false);
  }
  return impl.render_page(frame, m.name, "municipality", std::move(data), "start");
}

std::string Pages::evaluation(const Frame& frame, const EvaluationPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const auto& evaluation = page.evaluation;
  const auto& framework = page.framework;
  const auto& aggregate = page.aggregate;
  const std::string base = evaluation_url(page.header.id);
  const std::string year = std::to_string(evaluation.year);

  Value data = Value::object(24);
  data.add("head", header_data(impl, language, page.header, "overview"));
  data.add("id", page.header.id);
  data.add("followup_link", !page.evaluation.baseline_id.empty());
  data.add("reevaluate_link", page.may_reevaluate);
  data.add("reconcile_link", page.blind);
  data.add("base", base);
  data.add("total_text", score_text(impl, language, aggregate.total.points));
  data.add("total_of", impl.text(language, "total_of_max", {{"max", std::to_string(aggregate.total.max)}}));
  const bool question_level = !aggregate.questions.empty();
  data.add("completeness_text", impl.text(language, question_level ? "completeness_questions" : "completeness_areas",
                                          {{"assessed", std::to_string(aggregate.total.assessed)},
                                           {"total", std::to_string(aggregate.total.total)}}));
  if (page.reference && page.reference->total) {
    data.add("reference_total", impl.text(language, "reference_total",
                                          {{"value", decimal(language, *page.reference->total)},
                                           {"count", std::to_string(page.reference->count)}}));
  } else {
    data.add("reference_total", false);
  }
  int strengths = 0;
  int improvements = 0;
  int weaknesses = 0;
  for (const auto& finding : evaluation.findings) {
    (finding.kind == model::FindingKind::strength      ? strengths
     : finding.kind == model::FindingKind::improvement ? improvements
                                                       : weaknesses)++;
  }
  data.add("findings_text", impl.text(language, "findings_count",
                                      {{"strengths", std::to_string(strengths)},
                                       {"improvements", std::to_string(improvements)},
                                       {"weaknesses", std::to_string(weaknesses)}}));

  report::AreaChart chart;
  chart.id = "profil";
  const std::string series_name = evaluation.municipality.name + " " + year;
  report::ChartSeries own{series_name, {}};
  report::ChartSeries reference{impl.text(language, "reference_series"), {}};
  chart.max = 0;
  Value areas = Value::list(framework.areas.size());
  for (std::size_t i = 0; i < framework.areas.size(); ++i) {
    const auto& area = framework.areas[i];
    const scoring::NodeScore* node = i < aggregate.areas.size() ? &aggregate.areas[i] : nullptr;
    std::optional<double> reference_value;
    if (page.reference && i < page.reference->areas.size()) {
      reference_value = page.reference->areas[i];
    }
    const std::string number = std::to_string(area.number);
    chart.labels.push_back(number);
    own.values.push_back(node && node->points ? std::optional<double>(*node->points) : std::nullopt);
    reference.values.push_back(reference_value);
    chart.max = std::max<double>(chart.max, area.max_points);

    Value card = Value::object(12);
    card.add("number", std::string(number));
    card.add("area_label", impl.text(language, "area_n", {{"number", number}}));
    card.add("title", localized(area.title, language, framework));
    card.add("score_text", score_text(impl, language, node ? node->points : std::nullopt));
    card.add("assessed", node && node->points.has_value());
    card.add("max", std::to_string(area.max_points));
    card.add("of_max", impl.text(language, "of_max", {{"max", std::to_string(area.max_points)}}));
    card.add("reference", reference_value ? Value(impl.text(language, "reference_value",
                                                            {{"value", decimal(language, *reference_value)}}))
                                          : Value(false));
    card.add("reference_value", figure_text(language, reference_value));
    const int assessed = node ? node->assessed : 0;
    const int total = node ? node->total : 0;
    // An area-level result is assessed or not: its card needs no count of questions.
    card.add("completeness_text",
             question_level
                 ? Value(impl.text(language, "completeness_questions",
                                   {{"assessed", std::to_string(assessed)}, {"total", std::to_string(total)}}))
                 : Value(false));
    card.add("percent", std::to_string(total > 0 ? assessed * 100 / total : 0));
    areas.push(std::move(card));
  }
  data.add("areas", std::move(areas));
  if (chart.max <= 0) {
    chart.max = 100;
  }
  chart.series.push_back(own);
  std::map<std::string, std::string> names = {{"municipality", evaluation.municipality.name}, {"year", year}};
  if (page.reference) {
    chart.series.push_back(reference);
    names["reference"] = page.reference->description;
    data.add("reference_text", impl.text(language, "reference_group",
                                         {{"description", page.reference->description},
                                          {"count", std::to_string(page.reference->count)}}));
  } else {
    names["reference"] = impl.text(language, "reference_none");
    data.add("reference_text", impl.text(language, "reference_none"));
  }
  chart.title = impl.text(language, "chart_profile_title", names);
  chart.description =
      impl.text(language, page.reference ? "chart_profile_description" : "chart_profile_description_alone", names);
  Value chart_value = Value::object(4);
  chart_value.add("id", chart.id);
  chart_value.add("title", chart.title);
  chart_value.add("description", chart.description);
  chart_value.add("svg", report::profile_svg(chart));
  data.add("chart", std::move(chart_value));
  data.add("series_name", series_name);
  data.add("downloads", downloads(impl, language, base));
  if (!page.next_statuses.empty()) {
    std::vector<std::pair<std::string, std::string>> items;
    for (auto status : page.next_statuses) {
      items.emplace_back(model::to_string(status),
                         impl.text(language, std::string("status_to_") + model::to_string(status)));
    }
    data.add("next_statuses", options(items, ""));
    data.add("status_form", true);
  } else {
    data.add("status_form", false);
  }
  return impl.render_page(frame, header_title(impl, language, page.header, "overview"), "evaluation", std::move(data));
}

std::string Pages::report(const Frame& frame, const ReportPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const std::string base = evaluation_url(page.header.id);
  Value data = Value::object(5);
  data.add("head", header_data(impl, language, page.header, "report"));
  data.add("base", base);
  data.add("downloads", downloads(impl, language, base));
  data.add("frame_title",
           impl.text(language, "report_frame_title",
                     {{"municipality", page.header.municipality}, {"year", std::to_string(page.header.year)}}));
  return impl.render_page(frame, header_title(impl, language, page.header, "report"), "report", std::move(data));
}

std::string Pages::compare(const Frame& frame, const ComparePage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  Value data = Value::object(8);
  std::vector<std::pair<std::string, std::string>> choices;
  for (const auto& item : page.evaluations) {
    choices.emplace_back(
        item.evaluation_id,
        impl.text(language, "evaluation_choice",
                  {{"municipality", item.municipality},
                   {"year", std::to_string(item.year)},
                   {"status", impl.text(language, std::string("status_") + model::to_string(item.status))}}));
  }
  data.add("evaluations", options(choices, page.evaluation));
  data.add("reference", page.reference);
  add_field_error(data, page.error, "compare-", {"evaluation", "reference"});
  if (page.result) {
    const auto& result = *page.result;
    const std::string year = std::to_string(result.year);
    Value out = Value::object(8);
    out.add("id", url_encode(result.evaluation_id));
    out.add("heading",
            impl.text(language, "compare_result_heading", {{"municipality", result.municipality}, {"year", year}}));
    out.add("reference_text", impl.text(language, "reference_group",
                                        {{"description", result.reference_description},
                                         {"count", std::to_string(result.reference_count)}}));
    std::string members;
    for (const auto& member : result.members) {
      members += (members.empty() ? "" : ", ") + member;
    }
    out.add("members",
            members.empty() ? Value(false) : Value(impl.text(language, "reference_members", {{"members", members}})));
    out.add("caption", impl.text(language, "compare_caption", {{"municipality", result.municipality}, {"year", year}}));
    out.add("back_text",
            impl.text(language, "evaluation_link", {{"municipality", result.municipality}, {"year", year}}));
    Value rows = Value::list(result.rows.size());
    for (const auto& row : result.rows) {
      Value entry = Value::object(8);
      const bool total = row.label == "total";
      entry.add("is_total", total);
      entry.add("row_label", total ? impl.text(language, "total") : std::string(row.label));
      entry.add("title", total ? std::string() : std::string(row.title));
      entry.add("points", score_text(impl, language, row.points));
      entry.add("max", std::to_string(row.max));
      entry.add("reference", figure_text(language, row.reference));
      entry.add("count", std::to_string(row.reference_count));
      std::string difference = "–";
      if (row.difference) {
        difference = (*row.difference > 0 ? "+" : "") + decimal(language, *row.difference);
      }
      entry.add("difference", std::move(difference));
      rows.push(std::move(entry));
    }
    out.add("rows", std::move(rows));
    data.add("result", std::move(out));
  } else {
    data.add("result", false);
  }
  return impl.render_page(frame, impl.text(language, "compare_heading"), "compare", std::move(data), "compare");
}

std::string Pages::rankings(const Frame& frame, const RankingsPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  Value data = Value::object(14);
  data.add("editions", options(page.editions, page.edition));
  std::vector<std::pair<std::string, std::string>> areas = {{"", impl.text(language, "rank_total")}};
  for (int i = 1; i <= page.area_count; ++i) {
    areas.emplace_back(std::to_string(i), impl.text(language, "area_n", {{"number", std::to_string(i)}}));
  }
  data.add("areas", options(areas, page.area));
  std::vector<std::pair<std::string, std::string>> countries = {{"", impl.text(language, "country_any")}};
  for (const char* country : {"SE", "NO", "DK", "FI"}) {
    countries.emplace_back(country, impl.text(language, std::string("country_") + country));
  }
  data.add("countries", options(countries, page.country));
  add_field_error(data, page.error, "rank-", {"edition", "area", "country"});
  const bool has_result = !page.framework_title.empty();
  data.add("has_result", has_result);
  const std::string figure =
      page.area.empty() ? impl.text(language, "rank_total")
                        : impl.text(language, "area_titled", {{"number", page.area}, {"title", page.area_title}});
  data.add("ranking_heading",
           impl.text(language, "ranking_heading", {{"edition", page.framework_title}, {"figure", figure}}));
  data.add("ranking_caption",
           impl.text(language, "ranking_caption",
                     {{"edition", page.framework_title}, {"figure", figure}, {"max", std::to_string(page.max)}}));
  data.add("ranking_counts",
           impl.text(language, "ranking_counts",
                     {{"ranked", std::to_string(page.rows.size())}, {"published", std::to_string(page.published)}}));
  data.add("has_rows", !page.rows.empty());
  Value rows = Value::list(page.rows.size());
  for (const auto& row : page.rows) {
    Value entry = Value::object(5);
    entry.add("rank", std::to_string(row.rank));
    entry.add("url", evaluation_url(row.evaluation_id));
    entry.add("municipality", row.municipality);
    entry.add("year", std::to_string(row.year));
    entry.add("points", std::to_string(row.points));
    rows.push(std::move(entry));
  }
  data.add("rows", std::move(rows));
  Value distributions = Value::list(page.distributions.size());
  for (const auto& item : page.distributions) {
    Value entry = Value::object(8);
    entry.add("title", item.area ? impl.text(language, "area_titled",
                                             {{"number", std::to_string(*item.area)}, {"title", item.title}})
                                 : impl.text(language, "total"));
    const auto& d = item.distribution;
    entry.add("n", std::to_string(d.count));
    entry.add("min", figure_text(language, d.min));
    entry.add("q1", figure_text(language, d.lower_quartile));
    entry.add("median", figure_text(language, d.median));
    entry.add("q3", figure_text(language, d.upper_quartile));
    entry.add("max", figure_text(language, d.max));
    entry.add("mean", figure_text(language, d.mean));
    distributions.push(std::move(entry));
  }
  data.add("distributions", std::move(distributions));
  return impl.render_page(frame, impl.text(language, "rankings_heading"), "rankings", std::move(data), "rankings");
}

std::string Pages::login(const Frame& frame, const LoginPage& page) const {
  const auto& impl = *m_impl;
  Value data = Value::object(6);
  data.add("username", page.username);
  data.add("back", page.back);
  if (page.error) {
    Value error = Value::object(1);
    error.add("message", page.error->message);
    data.add("error", std::move(error));
  } else {
    data.add("error", false);
  }
  data.add("login_csrf", page.csrf_token);
  return impl.render_page(frame, impl.text(frame.language, "login_heading"), "login", std::move(data), "login");
}

std::string Pages::accessibility(const Frame& frame) const {
  const auto& impl = *m_impl;
  return impl.render_page(frame, impl.text(frame.language, "a11y_heading"), "accessibility", Value::object(0),
                          "accessibility");
}

std::string Pages::error(const Frame& frame, const ErrorPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const std::string status = std::to_string(page.status);
  std::string key = "error_heading_" + status;
  std::string heading = impl.text(language, key);
  if (heading == key) {
    heading = impl.text(language, page.status >= 500 ? "error_heading_500" : "error_heading_400");
  }
  Value data = Value::object(4);
  data.add("heading", heading);
  data.add("message", page.message);
  data.add("status_text", impl.text(language, "error_status", {{"status", status}}));
  const bool offer_login = page.status == 401 && !frame.user;
  data.add("login", offer_login ? Value("/login?back=" + url_encode(frame.path)) : Value(false));
  return impl.render_page(frame, heading, "error", std::move(data));
}

} // namespace kompass::web
