#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/account.hpp"
#include "model/action.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"
#include "model/messages.hpp"
#include "model/municipality.hpp"
#include "scoring/agreement.hpp"
#include "scoring/drift.hpp"
#include "scoring/followup.hpp"
#include "scoring/ranking.hpp"
#include "scoring/scoring.hpp"

// The view models of the web application's pages: plain values that the HTTP layer fills from the use cases
// and src/web turns into HTML. They hold data, never user-visible words: every label comes from
// templates/web/labels.tsv in the page's language.
namespace kompass::web {

// What every page shares: its language, where it is, who is signed in, and the token forms repeat.
struct Frame {
  model::UiLanguage language = model::UiLanguage::sv;
  std::string path = "/";          // this page's path and query: where the language switch returns to
  std::optional<std::string> user; // the signed-in user's display name; nullopt for the public
  std::string csrf_token;          // the session's CSRF token (empty when signed out), sent by every form
  std::string notice;              // label key of a message confirming what was just done, or empty
  bool admin = false;              // the signed-in user is an admin: the navigation links the admin pages
};

// A message tied to one form field: the field's name and the message in the page's language.
struct FieldError {
  std::string field;
  std::string message;
};

// The head of every page about one evaluation: who, when, which edition, and which tabs the viewer gets.
struct EvaluationHeader {
  std::string id;
  std::string municipality;
  model::MunicipalityRef municipality_ref;
  int year = 0;
  model::Status status = model::Status::draft;
  std::string framework_title;
  bool may_edit = false;         // the viewer may score, add findings and sources, change the status
  bool may_read_actions = false; // the viewer may see the action plan (its tab is shown)
};

// A municipality in a list (search results, type-ahead options).
struct MunicipalityItem {
  model::MunicipalityRef ref;
  std::string name;
  std::optional<std::string> county;
};

// One evaluation in a list of results.
struct ResultItem {
  std::string evaluation_id;
  std::string municipality;
  int year = 0;
  model::Status status = model::Status::draft;
  std::optional<int> total;
  int max = 0;
};

// The start page: the municipality search and the latest published results (newest first).
struct StartPage {
  std::vector<ResultItem> latest;
};

// The municipality search's result list (GET /municipalities?q=…).
struct MunicipalitiesPage {
  std::string query;
  std::vector<MunicipalityItem> matches;
};

// One evaluation of a municipality over time: stored (with id) or known only by year and edition.
struct TrendItem {
  std::string evaluation_id; // empty when known only by year
  int year = 0;
  std::string edition;
  std::optional<model::Status> status;
  std::optional<int> total;
  int max = 0;
  std::optional<scoring::EditionComparison> comparison; // with the entry before; nullopt for the first
  std::optional<int> difference;                        // with the entry before, when comparable
};

// A municipality with its evaluations over time.
struct MunicipalityPage {
  model::Municipality municipality;
  std::vector<TrendItem> entries; // year order; only those the viewer may see
};

// The reference group as the overview shows it.
struct ReferenceFigures {
  std::string description; // in the page's language, without the count
  int count = 0;
  std::vector<std::optional<double>> areas; // mean per area, index 0 = area 1
  std::optional<double> total;
};

// The overview of one evaluation: totals, area cards, the profile against the reference group.
struct EvaluationPage {
  EvaluationHeader header;
  model::Evaluation evaluation;
  model::Framework framework;
  scoring::Aggregate aggregate;
  std::optional<ReferenceFigures> reference; // nullopt when no group could be formed
  std::vector<model::Status> next_statuses;  // statuses the viewer may move it to (empty: no form)
  bool may_reevaluate = false;               // the viewer may start a re-evaluation from it (final or published)
  bool blind = false;                        // it is scored blind: the overview links its reconciliation
};

// The report page: the HTML report inline and the downloads.
struct ReportPage {
  EvaluationHeader header;
};

// What a scorer submitted for one question (kept to show it again after an error or a conflict).
struct SubmittedScore {
  std::string question_id;
  std::string points; // as typed
  std::string rationale;
  std::vector<std::string> source_keys;
  int version = 0; // the version the scorer saw
};

// A re-evaluation's baseline as the scoring workspace shows it beside each question: its agreed scores and
// findings. With another edition, a question shows the baseline's score only when that edition has its id.
struct BaselineScores {
  std::string id;
  int year = 0;
  bool same_edition = true;
  model::Framework framework;
  model::Evaluation evaluation;
};

// The scoring workspace: every question with its guidance, stored score and version.
struct ScoringPage {
  EvaluationHeader header;
  model::Evaluation evaluation;
  model::Framework framework;
  scoring::Aggregate aggregate;
  std::map<std::string, int> versions;     // question id → version of its agreed score
  std::optional<SubmittedScore> submitted; // shown again in its question's form when `error` is set
  std::optional<FieldError> error;
  std::optional<BaselineScores> baseline; // a re-evaluation's baseline, shown beside each question
  std::string own_evaluator;              // a blind scorer's name: the page shows and saves their own scores
  bool blind_open = false;                // blind scoring is open (agreed scores wait for everyone)
  bool blind_revealed = false;            // every blind scorer has finished: the reconciliation can start
  bool blind_done = false;                // the blind scorer has finished: their own scores are locked
};

// One question's form alone (the htmx fragment after a save).
struct QuestionFragment {
  ScoringPage page;
  std::string question_id;
  bool saved = false;
};

// Two people saved the same score: the stored value against the one just submitted.
struct ConflictPage {
  EvaluationHeader header;
  model::Framework framework;
  std::vector<model::Source> sources;
  std::optional<model::Score> stored;
  int stored_version = 0;
  SubmittedScore submitted;
};

// The values of a finding form (new or being edited).
struct FindingForm {
  long id = 0; // 0: a new finding
  std::string area;
  std::string sub_area;
  std::string kind = "strength";
  std::string text;
  std::vector<std::string> source_keys;
  std::string examples; // one municipality per line, optionally "Name – why"
};

// The findings of an evaluation by area and kind, with the forms to add and edit.
struct FindingsPage {
  EvaluationHeader header;
  model::Evaluation evaluation;
  model::Framework framework;
  std::optional<FindingForm> form; // the form shown with an error (or being edited); nullopt: an empty add form
  std::optional<FieldError> error;
};

// The values of the add-action form, or of one action's status and note form, as submitted.
struct ActionForm {
  long action_id = 0; // 0: the add form
  std::string title;
  std::vector<std::string> finding_ids;
  std::string area;
  std::string owner;
  std::string description;
  std::string start_date;
  std::string due_date;
  std::string status = "planned";
  std::string expected_effect;
  std::string note;
  std::string note_date;
};

// An improvement or weakness finding of the action plan with the ids of the actions answering it.
struct PlanFindingItem {
  model::Finding finding;
  std::vector<long> action_ids;
};

// One area of the action plan: its findings and the ids of the actions whose area it is.
struct PlanAreaItem {
  int number = 0;
  std::string title; // in the page's language
  std::vector<PlanFindingItem> findings;
  std::vector<long> action_ids;
};

// An evaluation's action plan: per area, the findings with their actions or none; the overdue actions; the
// forms for those who may change the plan.
struct ActionPlanPage {
  EvaluationHeader header;
  std::vector<PlanAreaItem> areas;
  std::vector<model::Action> actions;
  std::vector<long> overdue; // ids, earliest due first
  bool may_edit_actions = false;
  std::optional<ActionForm> form; // a form submitted with an error (the add form when action_id is 0)
  std::optional<FieldError> error;
};

// The values of a source form.
struct SourceForm {
  std::string kind = "document";
  std::string title;
  std::string date;
  std::string people;
  std::string document_kind;
  std::string url;
};

// The sources of an evaluation and the form to add one.
struct SourcesPage {
  EvaluationHeader header;
  std::vector<model::Source> sources;
  std::vector<model::Source> reusable; // a re-evaluation's baseline sources not yet reused, with their dates
  std::optional<SourceForm> form;
  std::optional<FieldError> error;
};

// The form that starts a re-evaluation (follow-up) of a final or published evaluation.
struct ReevaluatePage {
  EvaluationHeader header;
  std::string year;          // as typed
  bool reuse_sources = true; // take over every source of the baseline with its date
  std::optional<FieldError> error;
};

// A re-evaluation against its baseline: areas and total then and now, the fate of the baseline's weaknesses
// and improvements, and its actions.
struct FollowupPage {
  EvaluationHeader header;
  model::Framework framework; // the re-evaluation's edition
  std::string baseline_id;
  int baseline_year = 0;
  std::string baseline_edition;
  scoring::Followup followup;
};

// One blind scorer's own score of a question (or area) on the reconciliation page.
struct ScorerScoreItem {
  std::string evaluator;
  int points = 0;
  std::string rationale;
};

// A question (or, for an area-level evaluation, an area) where the blind scorers differ.
struct ReconcileItem {
  bool area = false; // target_id names an area ("1".."N") rather than a question
  std::string target_id;
  int max = 0;
  int spread = 0; // highest − lowest own points
  std::vector<ScorerScoreItem> scores;
  std::optional<model::Score> agreed; // the agreed score when recorded (its rationale is the note)
};

// The agreement statistics of two blind scorers: in total and per area, with the kappa reading
// ("undefined", "poor", … "almost_perfect") of each.
struct AgreementFigures {
  std::string first;
  std::string second;
  scoring::Agreement total;
  std::string level;
  std::vector<std::pair<int, scoring::Agreement>> areas; // by area number
  std::vector<std::string> area_levels;                  // the reading of each of `areas`
};

// What was typed into one question's agreed-score form (shown again with its error).
struct AgreedForm {
  std::string target_id;
  std::string points; // as typed
  std::string note;
};

// The reconciliation of a blind-scored evaluation: while scoring is open only who has not finished; then the
// differences (largest first) with every scorer's score, the forms to record agreed scores, the agreement.
struct ReconcilePage {
  EvaluationHeader header; // may_edit: the forms are shown
  model::Framework framework;
  std::vector<std::string> scorers;
  std::vector<std::string> pending; // scorers who have not finished; non-empty: scoring is open
  std::vector<ReconcileItem> differences;
  int agreeing = 0;
  int agreeing_pending = 0;
  int differing_pending = 0;
  std::vector<AgreementFigures> agreement; // one per pair of scorers with own scores
  std::optional<AgreedForm> form;          // a submission shown again with `error`
  std::optional<FieldError> error;         // field "points" or "note" of `form`'s question, else general
};

// Each evaluator's drift from the agreed scores across evaluations (admins only).
struct DriftPage {
  std::vector<scoring::Drift> drift;
};

// The audit log of an evaluation, oldest first.
struct AuditPage {
  EvaluationHeader header;
  std::vector<model::AuditEntry> entries;
};

// One row of a comparison.
struct CompareRow {
  std::string label; // "1".."8" or "total"
  std::string title;
  std::optional<int> points;
  int max = 0;
  std::optional<double> reference;
  int reference_count = 0;
  std::optional<double> difference;
};

// A comparison's result.
struct CompareResult {
  std::string evaluation_id;
  std::string municipality;
  int year = 0;
  std::string reference_description; // without the count
  int reference_count = 0;
  std::vector<std::string> members; // "Örebro 2012"
  std::vector<CompareRow> rows;     // areas, then the total
};

// The comparison page: the form (evaluation and reference group) and the result when one was asked for.
struct ComparePage {
  std::vector<ResultItem> evaluations; // those the viewer may compare
  std::string evaluation;              // the chosen id
  std::string reference;               // the reference as typed ("default", ids, criteria)
  std::optional<CompareResult> result;
  std::optional<FieldError> error;
};

// One ranked evaluation.
struct RankItem {
  int rank = 0;
  std::string evaluation_id;
  std::string municipality;
  int year = 0;
  int points = 0;
};

// The distribution of one figure in a ranking.
struct DistributionItem {
  std::optional<int> area; // nullopt: the total
  std::string title;
  int max = 0;
  scoring::Distribution distribution;
};

// A ranking of published results of one edition.
struct RankingsPage {
  std::vector<std::pair<std::string, std::string>> editions; // id → title, for the form
  std::string edition;
  std::string area; // "" for the total, else "1".."8"
  std::string country;
  int area_count = 0;
  std::string framework_title;
  std::string area_title;
  int max = 0;
  int published = 0;
  std::vector<RankItem> rows;
  std::vector<DistributionItem> distributions;
  std::optional<FieldError> error;
};

// The sign-in form; `csrf_token` is the double-submit token of the form (no session exists yet).
struct LoginPage {
  std::string username;
  std::string csrf_token;
  std::string back; // where to go after signing in
  std::optional<FieldError> error;
};

// An error page: the HTTP status and the message in the page's language.
struct ErrorPage {
  int status = 500;
  std::string message;
};

} // namespace kompass::web
