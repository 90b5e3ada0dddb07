// The evaluators' pages: scoring workspace (with its htmx fragment and the conflict page), findings,
// sources and the audit log.

#include <algorithm>

#include "web/page_data.hpp"

namespace kompass::web {

using model::UiLanguage;
using report::mustache::Value;

namespace {

// The agreed score of a question, or `evaluator`'s own score of it when named (a blind scorer's workspace).
const model::Score* agreed_score(const model::Evaluation& evaluation, const std::string& question_id,
                                 const std::string& evaluator = {}) {
  const model::Score* found = nullptr;
  for (const auto& score : evaluation.scores) {
    if (score.evaluator == evaluator && score.target == model::ScoreTarget::question &&
        score.target_id == question_id) {
      found = &score; // of several, the last counts (as in scoring::aggregate)
    }
  }
  return found;
}

std::string source_title(const Pages::Impl& impl, UiLanguage language, const model::Source& source) {
  std::string kind = impl.text(language, std::string("source_kind_") + model::to_string(source.kind));
  std::string title = source.title.empty() ? source.url : source.title;
  return impl.text(language, "source_choice", {{"key", source.key}, {"kind", kind}, {"title", title}});
}

Value source_checks(const Pages::Impl& impl, UiLanguage language, const std::vector<model::Source>& sources,
                    const std::vector<std::string>& checked) {
  Value list = Value::list(sources.size());
  for (const auto& source : sources) {
    Value item = Value::object(3);
    item.add("key", source.key);
    item.add("title", source_title(impl, language, source));
    item.add("checked", std::find(checked.begin(), checked.end(), source.key) != checked.end());
    list.push(std::move(item));
  }
  return list;
}

std::string joined_keys(const std::vector<std::string>& keys) {
  std::string out;
  for (const auto& key : keys) {
    out += (out.empty() ? "" : ", ") + key;
  }
  return out;
}

std::string score_of(const Pages::Impl& impl, UiLanguage language, const scoring::NodeScore& node) {
  if (!node.points) {
    return impl.text(language, "score_not_assessed_of", {{"max", std::to_string(node.max)}});
  }
  return impl.text(language, "score_of", {{"points", std::to_string(*node.points)}, {"max", std::to_string(node.max)}});
}

const scoring::NodeScore* node_of(const std::vector<scoring::NodeScore>& nodes, const std::string& id) {
  for (const auto& node : nodes) {
    if (node.id == id) {
      return &node;
    }
  }
  return nullptr;
}

// Every question of the framework in order, for "next question" links.
std::vector<const model::Question*> all_questions(const model::Framework& framework) {
  std::vector<const model::Question*> out;
  for (const auto& area : framework.areas) {
    for (const auto& sub : area.sub_areas) {
      for (const auto& question : sub.questions) {
        out.push_back(&question);
      }
    }
  }
  return out;
}

// What a re-evaluation's baseline said about a question: its points (the area's, for a baseline scored per
// area) with the rationale, and its findings in the question's sub-area or, without a sub-area, its area.
Value baseline_data(const Pages::Impl& impl, UiLanguage language, const ScoringPage& page,
                    const model::Question& question) {
  if (!page.baseline) {
    return Value(false);
  }
  const auto& baseline = *page.baseline;
  Value out = Value::object(5);
  const int area = page.framework.area_of(question.id);
  const std::string sub_area = question.id.substr(0, question.id.rfind('.'));
  const auto* same = baseline.framework.find_question(question.id);
  const bool matched = baseline.same_edition || same != nullptr;
  out.add("edition_changed", !matched);
  std::string summary = impl.text(language, "baseline_not_assessed", {{"year", std::to_string(baseline.year)}});
  std::string rationale;
  if (matched && baseline.evaluation.granularity == model::Granularity::question) {
    if (const auto* score = agreed_score(baseline.evaluation, question.id); score != nullptr && same != nullptr) {
      summary = impl.text(language, "baseline_points",
                          {{"year", std::to_string(baseline.year)},
                           {"points", std::to_string(score->points)},
                           {"max", std::to_string(same->max_points)}});
      rationale = score->rationale;
    }
  } else if (matched) {
    for (const auto& score : baseline.evaluation.scores) {
      const auto* scored_area = baseline.framework.find_area(area);
      if (score.evaluator.empty() && score.target == model::ScoreTarget::area &&
          score.target_id == std::to_string(area) && scored_area != nullptr) {
        summary = impl.text(language, "baseline_area_points",
                            {{"year", std::to_string(baseline.year)},
                             {"area", std::to_string(area)},
                             {"points", std::to_string(score.points)},
                             {"max", std::to_string(scored_area->max_points)}});
        rationale = score.rationale;
      }
    }
  }
  out.add("summary", std::move(summary));
  out.add("rationale", rationale.empty() ? Value(false) : Value(std::move(rationale)));
  Value findings = Value::list();
  bool any = false;
  for (const auto& finding : baseline.evaluation.findings) {
    if (finding.area == area && (finding.sub_area.empty() || finding.sub_area == sub_area)) {
      Value item = Value::object(2);
      item.add("kind", impl.text(language, std::string("kind_") + model::to_string(finding.kind)));
      item.add("text", finding.text);
      findings.push(std::move(item));
      any = true;
    }
  }
  out.add("has_findings", any);
  out.add("findings", std::move(findings));
  return out;
}

Value question_data(const Pages::Impl& impl, const Frame& frame, const ScoringPage& page,
                    const model::Question& question, const std::string& next_id, bool saved) {
  const auto language = frame.language;
  const auto& framework = page.framework;
  const std::string anchor = anchor_of(question.id);
  const model::Score* stored = agreed_score(page.evaluation, question.id, page.own_evaluator);
  auto version = page.versions.find(question.id);
  const bool has_error = page.error && page.submitted && page.submitted->question_id == question.id;

  Value out = Value::object(28);
  out.add("id", question.id);
  out.add("anchor", std::string(anchor));
  out.add("text", localized(question.text, language, framework));
  out.add("max", std::to_string(question.max_points));
  out.add("points_label", impl.text(language, "points_range", {{"max", std::to_string(question.max_points)}}));
  out.add("guidance_full", question.guidance.full.empty() ? Value(false) : Value(question.guidance.full));
  out.add("guidance_partial", question.guidance.partial.empty() ? Value(false) : Value(question.guidance.partial));
  out.add("guidance_none", question.guidance.none.empty() ? Value(false) : Value(question.guidance.none));
  out.add("basis", question.basis.empty() ? Value(false) : Value(question.basis));
  out.add("has_guidance", !question.guidance.full.empty() || !question.guidance.partial.empty() ||
                              !question.guidance.none.empty() || !question.basis.empty());
  out.add("scored", stored != nullptr);
  out.add("current_text",
          stored ? impl.text(language, "current_score",
                             {{"points", std::to_string(stored->points)}, {"max", std::to_string(question.max_points)}})
                 : impl.text(language, "not_scored"));
  out.add("baseline", baseline_data(impl, language, page, question));
  out.add("may_edit", page.header.may_edit);
  out.add("action", evaluation_url(page.header.id) + "/scores/question/" + url_encode(question.id));
  out.add("csrf", frame.csrf_token);
  if (has_error) {
    const auto& submitted = *page.submitted;
    out.add("version", std::to_string(submitted.version));
    out.add("points", submitted.points);
    out.add("rationale", submitted.rationale);
    out.add("sources", source_checks(impl, language, page.evaluation.sources, submitted.source_keys));
  } else {
    out.add("version", std::to_string(version == page.versions.end() ? 0 : version->second));
    out.add("points", stored ? std::to_string(stored->points) : std::string());
    out.add("rationale", stored ? Value(stored->rationale) : Value(""));
    out.add("sources", source_checks(impl, language, page.evaluation.sources,
                                     stored ? stored->source_keys : std::vector<std::string>{}));
  }
  out.add("has_sources", !page.evaluation.sources.empty());
  const std::string field = has_error ? page.error->field : std::string();
  const std::string message = has_error ? page.error->message : std::string();
  const bool known_field = field == "points" || field == "rationale" || field == "source";
  out.add("error_points", has_error && field == "points" ? Value(std::string(message)) : Value(false));
  out.add("error_rationale", has_error && field == "rationale" ? Value(std::string(message)) : Value(false));
  out.add("error_source", has_error && field == "source" ? Value(std::string(message)) : Value(false));
  out.add("error_general", has_error && !known_field ? Value(std::string(message)) : Value(false));
  out.add("next", next_id.empty() ? Value(false) : Value(anchor_of(next_id)));
  out.add("saved", saved);
  return out;
}

// The blind scoring notice of the workspace: whose scores the page shows, the button that marks them done,
// the link to the reconciliation; false when the evaluation is not scored blind.
Value blind_data(const Frame& frame, const ScoringPage& page) {
  if (!page.blind_open && !page.blind_revealed) {
    return Value(false);
  }
  Value out = Value::object(7);
  out.add("own", !page.own_evaluator.empty() && !page.blind_done);
  out.add("done", !page.own_evaluator.empty() && page.blind_done);
  out.add("open", page.blind_open);
  out.add("revealed", page.blind_revealed);
  out.add("action", evaluation_url(page.header.id) + "/blind/done");
  out.add("reconcile_href", evaluation_url(page.header.id) + "/reconciliation");
  out.add("csrf", frame.csrf_token);
  return out;
}

Value completeness_data(const Pages::Impl& impl, UiLanguage language, const ScoringPage& page) {
  const auto& aggregate = page.aggregate;
  Value out = Value::object(4);
  out.add("total_text", impl.text(language, "completeness_questions",
                                  {{"assessed", std::to_string(aggregate.total.assessed)},
                                   {"total", std::to_string(aggregate.total.total)}}));
  out.add("percent",
          std::to_string(aggregate.total.total > 0 ? aggregate.total.assessed * 100 / aggregate.total.total : 0));
  Value areas = Value::list(aggregate.areas.size());
  for (std::size_t i = 0; i < aggregate.areas.size() && i < page.framework.areas.size(); ++i) {
    const auto& node = aggregate.areas[i];
    const std::string number = std::to_string(page.framework.areas[i].number);
    Value item = Value::object(3);
    item.add("number", std::string(number));
    item.add("area_label", impl.text(language, "area_n", {{"number", number}}));
    item.add("count_text",
             impl.text(language, "completeness_count",
                       {{"assessed", std::to_string(node.assessed)}, {"total", std::to_string(node.total)}}));
    areas.push(std::move(item));
  }
  out.add("areas", std::move(areas));
  out.add("first_unscored", aggregate.unscored.empty() ? Value(false) : Value(anchor_of(aggregate.unscored.front())));
  return out;
}

std::vector<std::pair<std::string, std::string>> kind_items(const Pages::Impl& impl, UiLanguage language) {
  std::vector<std::pair<std::string, std::string>> items;
  for (auto kind : {model::FindingKind::strength, model::FindingKind::improvement, model::FindingKind::weakness}) {
    items.emplace_back(model::to_string(kind), impl.text(language, std::string("kind_") + model::to_string(kind)));
  }
  return items;
}

std::string examples_text(const Pages::Impl& impl, UiLanguage language,
                          const std::vector<model::GoodExample>& examples) {
  std::string names;
  for (const auto& example : examples) {
    std::string one = example.reason.empty() ? example.name
                                             : impl.text(language, "example_with_reason",
                                                         {{"name", example.name}, {"reason", example.reason}});
    names += (names.empty() ? "" : "; ") + one;
  }
  return impl.text(language, "good_examples", {{"examples", names}});
}

} // namespace

std::string Pages::scoring(const Frame& frame, const ScoringPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const auto& framework = page.framework;
  const auto questions = all_questions(framework);
  std::size_t position = 0;

  Value data = Value::object(9);
  data.add("head", header_data(impl, language, page.header, "scoring"));
  data.add("may_edit", page.header.may_edit);
  data.add("oob", false);
  data.add("blind", blind_data(frame, page));
  data.add("completeness", completeness_data(impl, language, page));
  // A failed save is summarised at the top too, linking to the field, as the page is long.
  if (page.error && page.submitted) {
    const std::string prefix = page.error->field == "rationale" ? "rationale-"
                               : page.error->field == "source"  ? "q-"
                                                                : "points-";
    Value summary = Value::object(2);
    summary.add("message", page.error->message);
    summary.add("target", prefix + anchor_of(page.submitted->question_id));
    data.add("error", std::move(summary));
  } else {
    data.add("error", false);
  }
  Value areas = Value::list(framework.areas.size());
  for (std::size_t a = 0; a < framework.areas.size(); ++a) {
    const auto& area = framework.areas[a];
    const std::string number = std::to_string(area.number);
    Value area_value = Value::object(6);
    area_value.add("number", std::string(number));
    area_value.add("area_label", impl.text(language, "area_n", {{"number", number}}));
    area_value.add("title", localized(area.title, language, framework));
    area_value.add("score_text",
                   a < page.aggregate.areas.size() ? score_of(impl, language, page.aggregate.areas[a]) : std::string());
    Value subs = Value::list(area.sub_areas.size());
    for (const auto& sub : area.sub_areas) {
      Value sub_value = Value::object(5);
      sub_value.add("id", sub.id);
      sub_value.add("anchor", anchor_of(sub.id));
      sub_value.add("title", localized(sub.title, language, framework));
      const auto* node = node_of(page.aggregate.sub_areas, sub.id);
      sub_value.add("score_text", node ? score_of(impl, language, *node) : std::string());
      Value list = Value::list(sub.questions.size());
      for (const auto& question : sub.questions) {
        ++position;
        const std::string next = position < questions.size() ? questions[position]->id : std::string();
        list.push(question_data(impl, frame, page, question, next, false));
      }
      sub_value.add("questions", std::move(list));
      subs.push(std::move(sub_value));
    }
    area_value.add("sub_areas", std::move(subs));
    areas.push(std::move(area_value));
  }
  data.add("areas", std::move(areas));
  return impl.render_page(frame, header_title(impl, language, page.header, "scoring"), "scoring", std::move(data));
}

std::string Pages::question(const Frame& frame, const QuestionFragment& fragment) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const auto& page = fragment.page;
  const auto questions = all_questions(page.framework);
  Value data = Value::object(5);
  data.add("oob", true);
  data.add("completeness", completeness_data(impl, language, page));
  data.add("question", false);
  data.add("area_score", false);
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (questions[i]->id != fragment.question_id) {
      continue;
    }
    const std::string next = i + 1 < questions.size() ? questions[i + 1]->id : std::string();
    data.set("question", question_data(impl, frame, page, *questions[i], next, fragment.saved));
    const int area = page.framework.area_of(questions[i]->id);
    for (std::size_t a = 0; a < page.framework.areas.size() && a < page.aggregate.areas.size(); ++a) {
      if (page.framework.areas[a].number == area) {
        Value score = Value::object(2);
        score.add("number", std::to_string(area));
        score.add("score_text", score_of(impl, language, page.aggregate.areas[a]));
        data.set("area_score", std::move(score));
      }
    }
  }
  return impl.render_fragment(language, "question_fragment", std::move(data));
}

std::string Pages::conflict(const Frame& frame, const ConflictPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const auto* question = page.framework.find_question(page.submitted.question_id);
  const int max = question ? question->max_points : 0;
  const std::string base = evaluation_url(page.header.id);
  Value data = Value::object(20);
  data.add("head", header_data(impl, language, page.header, "scoring"));
  data.add("conflict_intro", impl.text(language, "conflict_intro", {{"question", page.submitted.question_id}}));
  data.add("question_caption",
           impl.text(language, "conflict_caption",
                     {{"question", page.submitted.question_id},
                      {"text", question ? localized(question->text, language, page.framework) : std::string()}}));
  data.add("stored_heading",
           impl.text(language, "conflict_stored", {{"version", std::to_string(page.stored_version)}}));
  data.add("stored_points", page.stored ? std::to_string(page.stored->points) : impl.text(language, "not_scored"));
  data.add("stored_rationale", page.stored ? std::string(page.stored->rationale) : std::string());
  data.add("stored_sources", page.stored ? joined_keys(page.stored->source_keys) : std::string());
  data.add("submitted_points", page.submitted.points);
  data.add("submitted_points_value", page.submitted.points);
  data.add("submitted_rationale", page.submitted.rationale);
  data.add("submitted_sources", joined_keys(page.submitted.source_keys));
  data.add("back", base + "/scoring#q-" + anchor_of(page.submitted.question_id));
  data.add("action", base + "/scores/question/" + url_encode(page.submitted.question_id));
  data.add("stored_version", std::to_string(page.stored_version));
  data.add("max", std::to_string(max));
  data.add("points_label", impl.text(language, "points_range", {{"max", std::to_string(max)}}));
  data.add("has_sources", !page.sources.empty());
  data.add("sources", source_checks(impl, language, page.sources, page.submitted.source_keys));
  return impl.render_page(frame, impl.text(language, "conflict_heading"), "conflict", std::move(data));
}

std::string Pages::findings(const Frame& frame, const FindingsPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const auto& framework = page.framework;
  const auto& evaluation = page.evaluation;
  const std::string base = evaluation_url(page.header.id);
  const bool editing = page.form && page.form->id != 0;

  Value data = Value::object(10);
  data.add("head", header_data(impl, language, page.header, "findings"));
  data.add("base", base);
  data.add("editing", editing);
  data.add("has_findings", !evaluation.findings.empty());
  Value areas = Value::list(framework.areas.size());
  for (const auto& area : framework.areas) {
    Value kinds = Value::list(3);
    for (auto kind : {model::FindingKind::strength, model::FindingKind::improvement, model::FindingKind::weakness}) {
      Value list = Value::list();
      for (const auto& finding : evaluation.findings) {
        if (finding.area != area.number || finding.kind != kind) {
          continue;
        }
        Value item = Value::object(8);
        item.add("id", std::to_string(finding.id));
        item.add("kind", model::to_string(kind));
        item.add("text", finding.text);
        if (const auto* sub = framework.find_sub_area(finding.sub_area)) {
          item.add("sub_area", impl.text(language, "sub_area_titled",
                                         {{"id", sub->id}, {"title", localized(sub->title, language, framework)}}));
        } else {
          item.add("sub_area", finding.sub_area.empty() ? Value(false) : Value(finding.sub_area));
        }
        item.add("examples",
                 finding.examples.empty() ? Value(false) : Value(examples_text(impl, language, finding.examples)));
        item.add("sources_text",
                 finding.source_keys.empty()
                     ? Value(false)
                     : Value(impl.text(language, "finding_sources", {{"sources", joined_keys(finding.source_keys)}})));
        item.add("edit_href",
                 page.header.may_edit ? Value(base + "/findings/" + std::to_string(finding.id)) : Value(false));
        item.add("edit_text", impl.text(language, "edit_finding"));
        list.push(std::move(item));
      }
      if (list.items()->empty()) {
        continue;
      }
      Value group = Value::object(3);
      group.add("kind", model::to_string(kind));
      group.add("kind_title", impl.text(language, std::string("kinds_") + model::to_string(kind)));
      group.add("findings", std::move(list));
      kinds.push(std::move(group));
    }
    if (kinds.items()->empty()) {
      continue;
    }
    const std::string number = std::to_string(area.number);
    Value area_value = Value::object(4);
    area_value.add("number", std::string(number));
    area_value.add("area_label", impl.text(language, "area_n", {{"number", number}}));
    area_value.add("title", localized(area.title, language, framework));
    area_value.add("kinds", std::move(kinds));
    areas.push(std::move(area_value));
  }
  data.add("areas", std::move(areas));

  if (page.header.may_edit) {
    const FindingForm form = page.form.value_or(FindingForm{});
    Value out = Value::object(10);
    out.add("heading", impl.text(language, editing ? "finding_edit_heading" : "finding_add_heading",
                                 {{"id", std::to_string(form.id)}}));
    out.add("action", editing ? base + "/findings/" + std::to_string(form.id) : base + "/findings");
    out.add("submit", impl.text(language, editing ? "finding_save" : "finding_add"));
    std::vector<std::pair<std::string, std::string>> area_items;
    std::vector<std::pair<std::string, std::string>> sub_items;
    for (const auto& area : framework.areas) {
      const std::string number = std::to_string(area.number);
      area_items.emplace_back(number,
                              impl.text(language, "area_titled",
                                        {{"number", number}, {"title", localized(area.title, language, framework)}}));
      for (const auto& sub : area.sub_areas) {
        sub_items.emplace_back(sub.id,
                               impl.text(language, "sub_area_titled",
                                         {{"id", sub.id}, {"title", localized(sub.title, language, framework)}}));
      }
    }
    out.add("areas", options(area_items, form.area));
    out.add("sub_areas", options(sub_items, form.sub_area));
    out.add("kinds", options(kind_items(impl, language), form.kind));
    out.add("text", std::string(form.text));
    out.add("has_sources", !evaluation.sources.empty());
    out.add("sources", source_checks(impl, language, evaluation.sources, form.source_keys));
    out.add("examples", std::string(form.examples));
    data.add("form", std::move(out));
  } else {
    data.add("form", false);
  }
  add_field_error(data, page.error, "finding-", {"area", "sub_area", "kind", "text", "source", "examples"});
  std::string title = header_title(impl, language, page.header, "findings");
  if (editing) {
    title = impl.text(language, "finding_edit_heading", {{"id", std::to_string(page.form->id)}}) + " – " + title;
  }
  return impl.render_page(frame, title, "findings", std::move(data));
}

std::string Pages::sources(const Frame& frame, const SourcesPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  Value data = Value::object(8);
  data.add("head", header_data(impl, language, page.header, "sources"));
  data.add("base", evaluation_url(page.header.id));
  data.add("has_sources", !page.sources.empty());
  Value list = Value::list(page.sources.size());
  for (const auto& source : page.sources) {
    Value item = Value::object(6);
    item.add("key", source.key);
    item.add("kind_text", impl.text(language, std::string("source_kind_") + model::to_string(source.kind)));
    item.add("title", source.title);
    item.add("date", source.date);
    std::string details;
    if (source.people) {
      details = impl.text(language, "source_people", {{"people", std::to_string(*source.people)}});
    }
    if (!source.document_kind.empty()) {
      details += (details.empty() ? "" : "; ") + source.document_kind;
    }
    item.add("details", std::move(details));
    item.add("url", source.url.empty() ? Value(false) : Value(source.url));
    list.push(std::move(item));
  }
  data.add("sources", std::move(list));
  // A re-evaluation's draft offers the baseline's sources that are not in it yet, each with its date.
  Value reusable = Value::list(page.reusable.size());
  for (const auto& source : page.reusable) {
    Value item = Value::object(4);
    item.add("key", source.key);
    item.add("kind_text", impl.text(language, std::string("source_kind_") + model::to_string(source.kind)));
    item.add("title", source.title.empty() ? source.url : source.title);
    item.add("date", source.date.empty() ? Value(impl.text(language, "source_date_unknown")) : Value(source.date));
    reusable.push(std::move(item));
  }
  data.add("has_reusable", page.header.may_edit && !page.reusable.empty());
  data.add("reusable", std::move(reusable));
  if (page.header.may_edit) {
    const SourceForm form = page.form.value_or(SourceForm{});
    Value out = Value::object(7);
    std::vector<std::pair<std::string, std::string>> kinds;
    for (auto kind : {model::SourceKind::interview, model::SourceKind::document, model::SourceKind::website}) {
      kinds.emplace_back(model::to_string(kind),
                         impl.text(language, std::string("source_kind_") + model::to_string(kind)));
    }
    out.add("kinds", options(kinds, form.kind));
    out.add("title", std::string(form.title));
    out.add("date", std::string(form.date));
    out.add("people", std::string(form.people));
    out.add("document_kind", std::string(form.document_kind));
    out.add("url", std::string(form.url));
    data.add("form", std::move(out));
  } else {
    data.add("form", false);
  }
  add_field_error(data, page.error, "source-", {"kind", "title", "date", "people", "document_kind", "url"});
  return impl.render_page(frame, header_title(impl, language, page.header, "sources"), "sources", std::move(data));
}

std::string Pages::audit(const Frame& frame, const AuditPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  Value data = Value::object(5);
  data.add("head", header_data(impl, language, page.header, "audit"));
  data.add("base", evaluation_url(page.header.id));
  data.add("has_entries", !page.entries.empty());
  Value list = Value::list(page.entries.size());
  for (const auto& entry : page.entries) {
    Value item = Value::object(7);
    item.add("at", entry.at);
    std::string at = entry.at;
    std::replace(at.begin(), at.end(), 'T', ' ');
    if (!at.empty() && at.back() == 'Z') {
      at.back() = ' ';
      at += "UTC";
    }
    item.add("at_text", std::move(at));
    item.add("actor", entry.actor);
    std::string key = "entity_" + entry.entity;
    std::string entity = impl.text(language, key);
    item.add("entity_text", entity == key ? std::string(entry.entity) : entity);
    item.add("key", entry.key);
    item.add("old_value", entry.old_value);
    item.add("new_value", entry.new_value);
    list.push(std::move(item));
  }
  data.add("entries", std::move(list));
  return impl.render_page(frame, header_title(impl, language, page.header, "audit"), "audit", std::move(data));
}

} // namespace kompass::web
