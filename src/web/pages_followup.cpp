// The re-evaluation pages: the form that starts one and its follow-up against the baseline.

#include "web/page_data.hpp"

namespace kompass::web {

using model::UiLanguage;
using report::mustache::Value;

namespace {

std::string points_text(const Pages::Impl& impl, UiLanguage language, const std::optional<int>& points, int max) {
  if (max == 0) {
    return "–";
  }
  return points ? std::to_string(*points) : impl.text(language, "not_assessed");
}

std::string difference_text(const std::optional<int>& difference) {
  if (!difference) {
    return "–";
  }
  return (*difference > 0 ? "+" : "") + std::to_string(*difference);
}

Value change_data(const Pages::Impl& impl, UiLanguage language, const scoring::PointsChange& change) {
  Value out = Value::object(6); // room for the id and title the callers add
  out.add("previous", points_text(impl, language, change.previous, change.previous_max));
  out.add("current", points_text(impl, language, change.current, change.max));
  out.add("difference", difference_text(change.difference));
  out.add("max", std::to_string(change.max));
  return out;
}

} // namespace

std::string Pages::reevaluate(const Frame& frame, const ReevaluatePage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  Value data = Value::object(7);
  data.add("head", header_data(impl, language, page.header, "reevaluate"));
  data.add("base", evaluation_url(page.header.id));
  data.add("year", std::string(page.year));
  data.add("reuse_sources", page.reuse_sources);
  add_field_error(data, page.error, "reevaluate-", {"year", "sources", "framework"});
  return impl.render_page(frame, header_title(impl, language, page.header, "reevaluate"), "reevaluate",
                          std::move(data));
}

std::string Pages::followup(const Frame& frame, const FollowupPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const auto& result = page.followup;
  Value data = Value::object(10);
  data.add("head", header_data(impl, language, page.header, "followup"));
  data.add("intro", impl.text(language, "followup_intro",
                              {{"baseline", page.baseline_id}, {"year", std::to_string(page.baseline_year)}}));
  data.add("baseline_url", evaluation_url(page.baseline_id));
  std::string note;
  if (result.comparison.comparability == scoring::Comparability::interval) {
    note = impl.text(language, "followup_interval_note",
                     {{"previous", points_text(impl, language, result.total.previous, result.total.previous_max)},
                      {"low", std::to_string(*result.comparison.low)},
                      {"high", std::to_string(*result.comparison.high)}});
  } else if (result.edition_changed) {
    note = impl.text(language, "followup_edition_note", {{"edition", page.baseline_edition}});
  }
  data.add("note", note.empty() ? Value(false) : Value(std::move(note)));
  Value areas = Value::list(result.areas.size());
  for (const auto& change : result.areas) {
    Value item = change_data(impl, language, change);
    item.add("id", change.id);
    const auto* area = page.framework.find_area(std::stoi(change.id));
    item.add("title", area != nullptr ? Value(localized(area->title, language, page.framework)) : Value(""));
    areas.push(std::move(item));
  }
  data.add("areas", std::move(areas));
  data.add("total", change_data(impl, language, result.total));
  Value findings = Value::list(result.findings.size());
  for (const auto& outcome : result.findings) {
    const auto& finding = outcome.finding;
    Value item = Value::object(4);
    item.add("place", finding.sub_area.empty() ? Value(std::to_string(finding.area)) : Value(finding.sub_area));
    item.add("kind", impl.text(language, std::string("kind_") + model::to_string(finding.kind)));
    item.add("text", finding.text);
    item.add("fate", impl.text(language, std::string("fate_") + scoring::to_string(outcome.fate)));
    findings.push(std::move(item));
  }
  data.add("has_findings", !result.findings.empty());
  data.add("findings", std::move(findings));
  Value actions = Value::list(result.actions.size());
  for (const auto& outcome : result.actions) {
    const auto& action = outcome.action;
    Value item = Value::object(5);
    item.add("title", action.title);
    item.add("area", std::to_string(action.area));
    item.add("status", impl.text(language, std::string("followup_action_") + model::to_string(action.status)));
    std::string change;
    if (outcome.area) {
      const auto& area = *outcome.area;
      change = points_text(impl, language, area.previous, area.previous_max) + " → " +
               points_text(impl, language, area.current, area.max);
      if (area.difference) {
        change += " (" + difference_text(area.difference) + ")";
      }
    }
    item.add("change", std::move(change));
    actions.push(std::move(item));
  }
  data.add("has_actions", !result.actions.empty());
  data.add("actions", std::move(actions));
  return impl.render_page(frame, header_title(impl, language, page.header, "followup"), "followup", std::move(data));
}

} // namespace kompass::web
