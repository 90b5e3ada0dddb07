#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/municipality.hpp"

namespace kompass::model {

// Where an evaluation is in its life: edited as a draft, agreed as final, then published.
enum class Status { draft, final, published };

// The finest level at which an evaluation's scores are known.
enum class Granularity {
  question, // a full evaluation: every question scored
  area,     // area scores as published (some may be unknown); a published total is kept as given
  total,    // only the total is known
};

// The three kinds of evidence the method draws on.
enum class SourceKind { interview, document, website };

// Whether a finding is something to learn from, something to improve, or something missing.
enum class FindingKind { strength, improvement, weakness };

// An evaluator's part in an evaluation.
enum class EvaluatorRole { lead, peer };

// One person who evaluated, with their organisation.
struct Evaluator {
  std::string name;
  std::string organisation;
  EvaluatorRole role = EvaluatorRole::lead;
  bool operator==(const Evaluator&) const = default;
};

// Dates of the evaluation's phases as ISO text (YYYY, YYYY-MM or YYYY-MM-DD); empty when unknown.
struct EvaluationDates {
  std::string document_review;
  std::string interviews;
  std::string report;
  std::string feedback;
  bool operator==(const EvaluationDates&) const = default;
};

// An earlier evaluation of the same municipality known only by year and edition (no scores stored).
struct EarlierEvaluation {
  int year = 0;
  std::string edition; // e.g. "pre-2010"
  bool operator==(const EarlierEvaluation&) const = default;
};

// A piece of evidence. `key` is unique within the evaluation ("s1", "mrp-2012") and is how findings
// and scores refer to it. Fields not used by a kind stay empty.
struct Source {
  std::string key;
  SourceKind kind = SourceKind::document;
  std::string title;         // document title, interview group/role ("kommunstyrelsens presidium"), site name
  std::string date;          // date held / dated / seen
  std::optional<int> people; // interview: number of people
  std::string document_kind; // document: MRP, årsredovisning, policy, ...
  std::string url;           // website
  std::string file;          // document: optional file path or name
  bool operator==(const Source&) const = default;
};

// A municipality that a finding points to as a good example, and why.
struct GoodExample {
  std::string name;
  std::string country = "SE";
  std::string code; // empty when not known
  std::string reason;
  bool operator==(const GoodExample&) const = default;
};

// A strength, improvement opportunity or weakness in one area (and optionally one sub-area).
struct Finding {
  long id = 0; // store id; 0 until stored
  int area = 0;
  std::string sub_area; // "1.2" or empty
  FindingKind kind = FindingKind::strength;
  std::string text;
  std::vector<std::string> source_keys;
  std::vector<GoodExample> examples;
  bool operator==(const Finding&) const = default;
};

// What a score is given to.
enum class ScoreTarget { question, area, total };

// Whole points for one question or area. `evaluator` is empty for the agreed score; a named evaluator's
// own score is a separate record, so blind double scoring can be added without a schema change.
struct Score {
  ScoreTarget target = ScoreTarget::question;
  std::string target_id; // question id ("1.2.3"), area number ("3"), or "total"
  std::string evaluator; // empty = agreed
  int points = 0;
  std::string rationale;
  std::vector<std::string> source_keys;
  bool operator==(const Score&) const = default;
};

// Narrative text (the report's prose) for an area, or a sub-area when sub_area is set.
struct Narrative {
  int area = 0;
  std::string sub_area;
  std::string text;
  bool operator==(const Narrative&) const = default;
};

// A complete evaluation: identity, metadata, evidence, findings and scores.
struct Evaluation {
  std::string id; // readable: "sundsvall-2012"
  Municipality municipality;
  int year = 0;
  std::string framework_id;
  std::string framework_version;
  std::string language = "sv"; // sv, nb, da, en
  Status status = Status::draft;
  Granularity granularity = Granularity::question;
  std::optional<int> published_total; // as published; kept as given
  std::vector<Evaluator> evaluators;
  EvaluationDates dates;
  std::vector<EarlierEvaluation> earlier;
  std::string summary; // the report's summary prose
  std::string note;    // provenance of imported results
  std::string source_url;
  std::string baseline_id; // the earlier evaluation this re-evaluation started from; empty for a first one
  std::vector<Narrative> narratives;
  std::vector<Source> sources;
  std::vector<Finding> findings;
  std::vector<Score> scores;
  bool operator==(const Evaluation&) const = default;
};

// An evaluation's identity and scores without its evidence: what listings and comparisons need.
struct EvaluationSummary {
  std::string id;
  Municipality municipality; // without key figures
  int year = 0;
  std::string framework_id;
  std::string framework_version;
  Status status = Status::draft;
  Granularity granularity = Granularity::question;
  std::optional<int> published_total;
  std::vector<Score> agreed_scores; // agreed scores only
  bool operator==(const EvaluationSummary&) const = default;
};

// The summary of a loaded evaluation, as the store lists it: its agreed scores only.
EvaluationSummary summary_of(const Evaluation& evaluation);

// A published reference mean (e.g. SKR's national mean for an edition), importable as a reference.
struct PublishedAverage {
  long id = 0;
  std::string country;
  std::string framework_id;
  std::string scope;
  std::string as_of;
  std::vector<std::optional<double>> areas; // index 0 = area 1
  std::optional<double> total;
  std::string source_url;
  std::string note;
  bool operator==(const PublishedAverage&) const = default;
};

// Text names of the enums, as used in files, the CLI and the database.
const char* to_string(Status value);
const char* to_string(Granularity value);
const char* to_string(SourceKind value);
const char* to_string(FindingKind value);
const char* to_string(EvaluatorRole value);
const char* to_string(ScoreTarget value);

// Parses the text names above; nullopt for anything else.
std::optional<Status> parse_status(std::string_view text);
std::optional<Granularity> parse_granularity(std::string_view text);
std::optional<SourceKind> parse_source_kind(std::string_view text);
std::optional<FindingKind> parse_finding_kind(std::string_view text);
std::optional<EvaluatorRole> parse_evaluator_role(std::string_view text);
std::optional<ScoreTarget> parse_score_target(std::string_view text);

} // namespace kompass::model
