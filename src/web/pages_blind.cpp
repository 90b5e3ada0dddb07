// The blind double scoring pages: the reconciliation of an evaluation (who has not finished, or the
// differences with the agreed-score forms and the agreement statistics) and the admins' drift page.

#include <algorithm>
#include <cstdio>
#include <functional>
#include <utility>

#include "web/page_data.hpp"

namespace kompass::web {

using model::UiLanguage;
using report::mustache::Value;

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

// A number with `digits` decimals in the language's notation (kappa needs two: 0.375 is not 0.4).
std::string fixed(UiLanguage language, double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  std::string text = buffer;
  if (std::stod(text) == 0.0 && text.front() == '-') {
    text.erase(0, 1);
  }
  if (language == UiLanguage::sv) {
    for (auto& c : text) {
      c = c == '.' ? ',' : c;
    }
    if (text.front() == '-') {
      text.replace(0, 1, "\u2212");
    }
  }
  return text;
}

std::string undefined_or(const Pages::Impl& impl, UiLanguage language, const std::optional<double>& value,
                         const std::function<std::string(double)>& format) {
  return value ? format(*value) : impl.text(language, "agreement_undefined");
}

Value statistics_row(const Pages::Impl& impl, UiLanguage language, std::string name,
                     const scoring::Agreement& agreement, const std::string& level) {
  Value row = Value::object(6);
  row.add("name", std::move(name));
  row.add("count", std::to_string(agreement.count));
  row.add("exact", undefined_or(impl, language, agreement.exact_rate, [&](double rate) {
            return impl.text(language, "agreement_percent", {{"value", decimal(language, rate * 100.0)}});
          }));
  row.add("mad", undefined_or(impl, language, agreement.mean_absolute_difference,
                              [&](double mad) { return fixed(language, mad, 2); }));
  row.add("kappa",
          undefined_or(impl, language, agreement.kappa, [&](double kappa) { return fixed(language, kappa, 2); }));
  row.add("level", impl.text(language, "kappa_level_" + level));
  return row;
}

Value agreement_data(const Pages::Impl& impl, UiLanguage language, const ReconcilePage& page,
                     const AgreementFigures& figures) {
  Value out = Value::object(3);
  out.add("caption", impl.text(language, "agreement_caption", {{"first", figures.first}, {"second", figures.second}}));
  Value rows = Value::list(figures.areas.size());
  for (std::size_t i = 0; i < figures.areas.size(); ++i) {
    const auto& [number, agreement] = figures.areas[i];
    const auto* area = page.framework.find_area(number);
    const std::string name = area != nullptr ? impl.text(language, "area_titled",
                                                         {{"number", std::to_string(number)},
                                                          {"title", localized(area->title, language, page.framework)}})
                                             : impl.text(language, "area_n", {{"number", std::to_string(number)}});
    rows.push(statistics_row(impl, language, name, agreement,
                             i < figures.area_levels.size() ? figures.area_levels[i] : std::string("undefined")));
  }
  out.add("areas", std::move(rows));
  out.add("total",
          statistics_row(impl, language, impl.text(language, "agreement_total"), figures.total, figures.level));
  return out;
}

// One difference with every scorer's score side by side, the agreed score and, for editors, its form; a
// submission of that form that failed is shown again with its error at its field.
Value difference_data(const Pages::Impl& impl, const Frame& frame, const ReconcilePage& page,
                      const ReconcileItem& item) {
  const auto language = frame.language;
  const std::string anchor = anchor_of(item.target_id);
  const std::string max = std::to_string(item.max);
  Value out = Value::object(10);
  out.add("anchor", std::string(anchor));
  std::string title;
  if (item.area) {
    const auto* area = page.framework.find_area(std::stoi(item.target_id));
    title = impl.text(language, "area_titled",
                      {{"number", item.target_id},
                       {"title", area != nullptr ? localized(area->title, language, page.framework) : std::string()}});
  } else {
    const auto* question = page.framework.find_question(item.target_id);
    title = impl.text(
        language, "reconcile_question",
        {{"id", item.target_id},
         {"text", question != nullptr ? localized(question->text, language, page.framework) : std::string()}});
  }
  out.add("title", std::move(title));
  out.add("spread_text",
          impl.text(language, "reconcile_spread", {{"spread", std::to_string(item.spread)}, {"max", max}}));
  Value scores = Value::list(item.scores.size());
  for (const auto& score : item.scores) {
    Value entry = Value::object(3);
    entry.add("evaluator", score.evaluator);
    entry.add("points_text", impl.text(language, "score_of", {{"points", std::to_string(score.points)}, {"max", max}}));
    entry.add("rationale",
              score.rationale.empty() ? Value(impl.text(language, "reconcile_no_rationale")) : Value(score.rationale));
    scores.push(std::move(entry));
  }
  out.add("scores", std::move(scores));
  if (item.agreed) {
    Value agreed = Value::object(2);
    agreed.add("points_text", impl.text(language, "reconcile_agreed_points",
                                        {{"points", std::to_string(item.agreed->points)}, {"max", max}}));
    agreed.add("note", item.agreed->rationale);
    out.add("agreed", std::move(agreed));
  } else {
    out.add("agreed", false);
  }
  if (!page.header.may_edit) {
    out.add("form", false);
    return out;
  }
  const bool failed = page.form && page.form->target_id == item.target_id;
  const std::string field = failed && page.error ? page.error->field : std::string();
  Value form = Value::object(11);
  form.add("action", evaluation_url(page.header.id) + "/reconciliation");
  form.add("csrf", frame.csrf_token);
  form.add("target", item.area ? "area" : "question");
  form.add("id", item.target_id);
  form.add("prefix", "agreed-" + anchor + "-");
  form.add("max", std::string(max));
  form.add("points_label", impl.text(language, "points_range", {{"max", max}}));
  // Owned copies: a conditional of a const member and a temporary would be a const temporary, viewed and lost.
  std::string points = item.agreed ? std::to_string(item.agreed->points) : std::string();
  std::string note = item.agreed ? item.agreed->rationale : std::string();
  if (failed) {
    points = page.form->points;
    note = page.form->note;
  }
  form.add("points", std::move(points));
  form.add("note", std::move(note));
  form.add("err_points", field == "points" ? Value(page.error->message) : Value(false));
  form.add("err_note", field == "note" ? Value(page.error->message) : Value(false));
  out.add("form", std::move(form));
  return out;
}

} // namespace

std::string Pages::reconciliation(const Frame& frame, const ReconcilePage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  Value data = Value::object(14);
  data.add("head", header_data(impl, language, page.header, "reconcile"));
  data.add("scorers_text", impl.text(language, "reconcile_scorers", {{"scorers", joined(page.scorers)}}));
  const bool open = !page.pending.empty();
  data.add("open", open);
  data.add("pending_text", impl.text(language, "reconcile_pending", {{"pending", joined(page.pending)}}));
  data.add("summary_text", impl.text(language, "reconcile_summary",
                                     {{"agreeing", std::to_string(page.agreeing)},
                                      {"agreeing_pending", std::to_string(page.agreeing_pending)},
                                      {"differing_pending", std::to_string(page.differing_pending)}}));
  if (page.header.may_edit && page.agreeing_pending > 0) {
    Value accept = Value::object(3);
    accept.add("action", evaluation_url(page.header.id) + "/reconciliation/accept");
    accept.add("csrf", frame.csrf_token);
    accept.add("button", impl.text(language, "reconcile_accept", {{"count", std::to_string(page.agreeing_pending)}}));
    data.add("accept", std::move(accept));
  } else {
    data.add("accept", false);
  }
  Value differences = Value::list(page.differences.size());
  for (const auto& item : page.differences) {
    differences.push(difference_data(impl, frame, page, item));
  }
  data.add("has_differences", !page.differences.empty());
  data.add("differences", std::move(differences));
  Value agreement = Value::list(page.agreement.size());
  for (const auto& figures : page.agreement) {
    agreement.push(agreement_data(impl, language, page, figures));
  }
  data.add("has_agreement", !page.agreement.empty());
  data.add("agreement", std::move(agreement));
  // The summary links to the field of the form that failed, when it is one of the differences shown.
  if (page.error) {
    const bool shown = page.form && (page.error->field == "points" || page.error->field == "note") &&
                       std::any_of(page.differences.begin(), page.differences.end(),
                                   [&](const ReconcileItem& item) { return item.target_id == page.form->target_id; });
    Value summary = Value::object(2);
    summary.add("message", page.error->message);
    summary.add("target",
                shown ? Value("agreed-" + anchor_of(page.form->target_id) + "-" + page.error->field) : Value(false));
    data.add("error", std::move(summary));
  } else {
    data.add("error", false);
  }
  return impl.render_page(frame, header_title(impl, language, page.header, "reconcile"), "reconcile", std::move(data));
}

std::string Pages::drift(const Frame& frame, const DriftPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  Value data = Value::object(2);
  Value rows = Value::list(page.drift.size());
  for (const auto& entry : page.drift) {
    Value row = Value::object(5);
    row.add("evaluator", entry.evaluator);
    row.add("evaluations", std::to_string(entry.evaluations));
    row.add("scores", std::to_string(entry.scores));
    // A sign on every non-zero deviation, so that "more generous" and "stricter" read at a glance.
    std::string deviation = fixed(language, entry.mean_signed, 2);
    if (entry.mean_signed > 0.0 && deviation.find_first_not_of("0.,") != std::string::npos) {
      deviation.insert(0, "+");
    }
    row.add("mean_signed", std::move(deviation));
    row.add("mean_absolute", fixed(language, entry.mean_absolute, 2));
    rows.push(std::move(row));
  }
  data.add("has_rows", !page.drift.empty());
  data.add("rows", std::move(rows));
  return impl.render_page(frame, impl.text(language, "drift_heading"), "drift", std::move(data), "drift");
}

} // namespace kompass::web
