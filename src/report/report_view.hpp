#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"
#include "scoring/followup.hpp"
#include "scoring/scoring.hpp"

namespace kompass::report {

using model::Result;

// The languages a report is written in.
enum class Language { sv, nb, en };

// "sv", "nb" or "en" to a Language; nullopt otherwise.
std::optional<Language> parse_language(std::string_view text);
// The language's code ("sv", "nb", "en").
const char* to_string(Language language);

// A label and the values of its placeholders, turned into text in the report's language.
struct LabelText {
  std::string code;
  std::map<std::string, std::string> args;
};

// The reference group as the caller determined it. Its description is the label `code` (e.g.
// "reference_default") filled with `args`, so it reads in the report's language; a filtered group's
// criteria are labels too, each put after ", " into the description's {criteria}.
struct ReferenceGroup {
  std::string code;
  std::map<std::string, std::string> args;
  std::vector<LabelText> criteria;
  int count = 0;                               // members (n); 0 for a published average
  std::vector<scoring::ReferenceFigure> areas; // mean and count per area, index 0 = area 1
  scoring::ReferenceFigure total;
  std::vector<std::string> members; // "Örebro 2012", for the report's list of members
};

// One of the municipality's evaluations for the trend chart (the reported one included), oldest first.
struct TrendEntry {
  int year = 0;
  std::string edition;      // framework id, or e.g. "pre-2010" for one known only by year
  std::optional<int> total; // nullopt when not known
  int max = 0;
  bool current = false;           // the evaluation this report is about
  std::optional<int> compare_low; // for an earlier edition: this report's total + the rule's interval
  std::optional<int> compare_high;
};

// A re-evaluation's follow-up against its baseline, computed by the app (scoring::followup).
struct FollowupInput {
  std::string baseline_id;
  int baseline_year = 0;
  std::string baseline_edition; // framework id
  scoring::Followup followup;
};

// Everything a report is made from; gathered by the app use case so that this module never reads the store.
struct ReportInput {
  model::Evaluation evaluation;
  model::Framework framework;
  scoring::Aggregate aggregate;
  ReferenceGroup reference;
  std::vector<TrendEntry> trend;
  std::string today;                     // ISO date, used when the evaluation has no report date
  std::optional<FollowupInput> followup; // only for a re-evaluation whose baseline is stored
};

// A label catalogue: key → text in the report's language, with {name} placeholders.
using Labels = std::map<std::string, std::string>;

// A score as the report shows it: the number, or the "ej bedömd" label, never 0 for a missing score.
struct ScoreText {
  std::optional<int> points;
  int max = 0;
  std::string text; // "44" or "ej bedömd"
};

// A reference figure as the report shows it: "61,0" (one decimal, the language's decimal sign) or "–".
struct FigureText {
  std::optional<double> value;
  std::string text;
  int count = 0; // how many evaluations a reference mean is over (n); 0 otherwise
};

// A question with its score and rationale.
struct QuestionView {
  std::string id;
  std::string text;
  ScoreText score;
  std::string rationale;
};

// A sub-area heading with its narrative and, at question level, its score and questions.
struct SubAreaView {
  std::string id;
  std::string title;
  std::vector<std::string> narrative; // paragraphs
  std::optional<ScoreText> score;     // only when the evaluation is scored question by question
  std::vector<QuestionView> questions;
};

// A finding as one line of the three-column table; examples name good-example municipalities.
struct FindingView {
  long id = 0;
  std::string text;
  std::string sub_area;
  std::vector<std::string> examples; // "Göteborg (har en visselblåsarfunktion)"
  std::string examples_text;         // the examples as one phrase: "Gott exempel: Göteborg (…)"
};

// One row of the Styrkor | Förbättringsmöjligheter | Svagheter table; a column without a finding on this
// row is nullopt (rows are filled top-down, so the table never breaks a finding across pages).
struct FindingRow {
  std::optional<FindingView> strength;
  std::optional<FindingView> improvement;
  std::optional<FindingView> weakness;
};

// One area's section.
struct AreaView {
  int number = 0;
  std::string anchor;  // "omrade-1", for links from the table of contents
  std::string heading; // "Område 1 Offentlighet och demokrati"
  std::string title;
  std::vector<std::string> narrative; // area-level paragraphs
  std::vector<SubAreaView> sub_areas;
  ScoreText score;
  FigureText reference;
  std::vector<FindingRow> findings;
  std::vector<FindingView> strengths; // the same findings by kind, for exporters that list them
  std::vector<FindingView> improvements;
  std::vector<FindingView> weaknesses;
};

// A line of the score overview: an area, sub-area or question against max and the reference.
struct OverviewRow {
  enum class Level { area, sub_area, question, total } level = Level::area;
  std::string id; // "1", "1.2", "1.2.3", or "total"
  std::string title;
  ScoreText score;
  FigureText reference;  // areas and total only
  FigureText difference; // points − reference, when both are known
  std::string rationale; // questions: the agreed score's rationale
};

// One line of Kortfakta; a missing figure says "uppgift saknas".
struct KeyFactView {
  std::string key;
  std::string label;
  std::optional<double> value;
  std::string value_text; // "96 000 invånare" or "uppgift saknas"
  std::string year;       // empty when missing
  std::string source;     // empty when missing
};

// A chart with everything a reader without sight needs: title, description and its data as a table.
struct ChartView {
  std::string id;
  std::string title;
  std::string description;
  std::string svg;
  std::string image_file; // "profile.png": the file name used when the chart is given as an image
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// One evaluator on the cover.
struct EvaluatorView {
  std::string name;
  std::string organisation;
};

// One row of the follow-up chapter's table: an area (or the total) with its previous and new points and the
// difference ("+6", "–" when there is none).
struct FollowupRowView {
  std::string id; // area number, empty for the total
  std::string title;
  std::string previous;
  std::string current;
  std::string difference;
  bool total = false;
};

// A previous weakness or improvement and what became of it ("nu en styrka", "borta", "kvar").
struct FollowupFindingView {
  std::string place; // "1.2" or "1"
  std::string kind;
  std::string text;
  std::string fate;
};

// A done action of the baseline's plan with what happened to its area's points ("44 → 50 (+6)").
struct FollowupActionView {
  std::string title;
  std::string area;
  std::string change;
};

// The "Uppföljning" chapter of a re-evaluation's report.
struct FollowupChapterView {
  std::string intro; // which evaluation this one follows up
  std::string note;  // the change of edition or the interval; empty when directly comparable
  std::vector<FollowupRowView> rows;
  std::vector<FollowupFindingView> findings;
  std::vector<FollowupActionView> actions;
};

// Everything the templates show, as text already formatted in the report's language.
struct ReportView {
  Language language = Language::sv;
  Labels labels;                 // every label of the catalogue, for the templates
  std::string title;             // "Kommunkompassen – Analys av Sundsvalls kommun 2012"
  std::string municipality;      // "Sundsvall"
  std::string municipality_long; // "Sundsvalls kommun"
  int year = 0;
  std::string framework_title;
  std::string framework_id;
  std::string framework_version;
  std::string date;         // the report date (ISO)
  std::string organisation; // running header: the lead evaluators' organisation(s)
  std::vector<EvaluatorView> evaluators;
  std::vector<std::string> method; // section 1's paragraphs
  std::vector<std::string> how;    // section 2: how the evaluation was done
  std::vector<std::string> summary;
  ScoreText total;
  FigureText reference_total;
  std::string reference_description; // "Referens: … (n = 6)"
  int reference_count = 0;
  std::vector<std::string> reference_members;
  std::vector<std::string> comparability; // the earlier-edition note, one paragraph each
  std::vector<ChartView> charts;          // profile, bars, and the trend chart when there are several evaluations
  std::vector<AreaView> areas;
  std::vector<OverviewRow> overview;
  std::vector<KeyFactView> key_facts;
  bool question_level = false;                 // the overview and the XLSX have questions
  std::optional<FollowupChapterView> followup; // a re-evaluation's follow-up chapter
};

// Builds the view of a report in `language` with the label catalogue `labels`.
ReportView make_view(const ReportInput& input, Language language, const Labels& labels);

// Formats a number with `decimals` decimals, the language's decimal sign and a thin space between
// thousands ("61,0", "96 000"; "61.0" in English).
std::string format_number(double value, int decimals, Language language);

} // namespace kompass::report
