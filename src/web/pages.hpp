#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/messages.hpp"
#include "web/views.hpp"

// The web application's HTML: Mustache templates (templates/web/, built in) filled from the view models of
// views.hpp, inside one layout, with every word from the label catalogue templates/web/labels.tsv. Never
// touches the store or HTTP.
namespace kompass::web {

// The compiled templates and labels; load once, then render from any number of threads at once.
class Pages {
public:
  // Compiles the built-in templates of templates/web/, each replaced by its namesake in `override_folder`
  // when given; bad_input "templates_folder_missing", "template_error" (naming the template) or
  // "labels_malformed" (naming the line) otherwise.
  static model::Result<Pages> load(const std::optional<std::string>& override_folder = std::nullopt);

  // The label `key` in `language` with its {placeholders} filled from `args`; the key itself when missing.
  std::string label(model::UiLanguage language, const std::string& key,
                    const std::map<std::string, std::string>& args = {}) const;

  // The start page: municipality search with type-ahead and the latest published results.
  std::string start(const Frame& frame, const StartPage& page) const;
  // The municipality search's result list.
  std::string municipalities(const Frame& frame, const MunicipalitiesPage& page) const;
  // The <option> elements of the type-ahead list (an htmx fragment, no layout).
  std::string municipality_options(const Frame& frame, const MunicipalitiesPage& page) const;
  // A municipality with its evaluations over time and the trend chart.
  std::string municipality(const Frame& frame, const MunicipalityPage& page) const;
  // An evaluation's overview: totals, area cards, profile chart, status form.
  std::string evaluation(const Frame& frame, const EvaluationPage& page) const;
  // The report page: the HTML report in a frame and the download links.
  std::string report(const Frame& frame, const ReportPage& page) const;
  // The scoring workspace.
  std::string scoring(const Frame& frame, const ScoringPage& page) const;
  // One question's form of the scoring workspace (htmx fragment, no layout).
  std::string question(const Frame& frame, const QuestionFragment& fragment) const;
  // The page shown for a score version conflict (409): both values and the choice to keep either.
  std::string conflict(const Frame& frame, const ConflictPage& page) const;
  // The findings of an evaluation with the add form, or the edit form of one finding.
  std::string findings(const Frame& frame, const FindingsPage& page) const;
  // The action plan of an evaluation: findings with and without actions, overdue actions, the forms.
  std::string action_plan(const Frame& frame, const ActionPlanPage& page) const;
  // The sources of an evaluation and the add form.
  std::string sources(const Frame& frame, const SourcesPage& page) const;
  // The form that starts a re-evaluation of an evaluation.
  std::string reevaluate(const Frame& frame, const ReevaluatePage& page) const;
  // A re-evaluation's follow-up against its baseline.
  std::string followup(const Frame& frame, const FollowupPage& page) const;
  // The reconciliation of a blind-scored evaluation: who has not finished, or the differences with the forms
  // for the agreed scores and the agreement statistics.
  std::string reconciliation(const Frame& frame, const ReconcilePage& page) const;
  // Each evaluator's drift from the agreed scores (an admin page).
  std::string drift(const Frame& frame, const DriftPage& page) const;
  // The audit log table.
  std::string audit(const Frame& frame, const AuditPage& page) const;
  // The comparison form and table.
  std::string compare(const Frame& frame, const ComparePage& page) const;
  // The ranking of published results.
  std::string rankings(const Frame& frame, const RankingsPage& page) const;
  // The sign-in form.
  std::string login(const Frame& frame, const LoginPage& page) const;
  // The accessibility statement (Tillgänglighetsredogörelse).
  std::string accessibility(const Frame& frame) const;
  // An error page in the layout.
  std::string error(const Frame& frame, const ErrorPage& page) const;

  struct Impl;

private:
  explicit Pages(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<const Impl> m_impl;
};

// The audit log as CSV (RFC 4180, header line, UTF-8): at, actor, entity, key, old, new.
std::string audit_csv(const std::vector<model::AuditEntry>& entries);

// Percent-encodes `text` for a URL's path or query value; letters, digits, "-_.~" and "/" stay as they are.
std::string url_encode(std::string_view text);

// A number with one decimal and the language's decimal sign ("61,0" in Swedish, "61.0" in English).
std::string decimal(model::UiLanguage language, double value);

} // namespace kompass::web
