#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "model/error.hpp"
#include "model/messages.hpp"
#include "scoring/scoring.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// An inclusive range of whole numbers (years, inhabitants); an unset end is open.
struct NumberRange {
  std::optional<long> min;
  std::optional<long> max;
  // Whether `value` lies within the range.
  bool contains(long value) const;
  bool operator==(const NumberRange&) const = default;
};

// The criteria of a filtered reference group: a member meets every criterion given (AND); within a list, one
// value is enough (OR). Members are final or published evaluations of the compared evaluation's edition,
// never of its own municipality.
struct ReferenceFilter {
  std::optional<std::string> edition;    // framework id or alias; must name the compared evaluation's edition
  std::optional<NumberRange> years;      // the evaluation's year
  std::vector<std::string> countries;    // empty: any country
  std::optional<NumberRange> population; // the municipality's stored population; when unknown, not a member
  std::vector<std::string> groups;       // SKR's municipality group (ASCII case ignored); when unknown, not a member
  bool operator==(const ReferenceFilter&) const = default;
};

// Which evaluations form the reference group.
struct ReferenceSpec {
  enum class Kind { default_group, published_average, named_list, filtered } kind = Kind::default_group;
  std::vector<std::string> evaluation_ids; // named_list
  ReferenceFilter filter;                  // filtered
};

// Parses "default" (or empty), "published", a comma-separated list of evaluation ids, or criteria
// "KEY=VALUE;KEY=VALUE" with the keys edition, years, country, population and group (years and population
// as FROM-TO, FROM-, -TO or one number; country and group as comma-separated lists). Fails with bad_input
// naming the criterion for an unknown or repeated key, a missing value, a bad range or an unknown country,
// and with "reference_empty" for a list without ids (",").
Result<ReferenceSpec> parse_reference_spec(const std::string& text);

// A piece of a reference group's description: a catalogue code (also a report label) and its arguments.
struct DescriptionPart {
  std::string code;
  std::map<std::string, std::string> args;
  bool operator==(const DescriptionPart&) const = default;
};

// One row of a comparison: the municipality's points against the reference mean.
struct ComparisonRow {
  std::string label; // area number "1".."8" or "total"
  std::string title; // area title in the evaluation's language
  std::optional<int> points;
  int max = 0;
  scoring::ReferenceFigure reference;
  std::optional<double> difference; // points − reference mean, when both are known
};

// A member of the reference group, for stating who it is.
struct ReferenceMember {
  std::string id;
  std::string municipality;
  int year = 0;
};

// How an earlier evaluation of the same municipality compares with this one.
struct EarlierComparison {
  std::string id; // empty for an earlier evaluation known only by year
  int year = 0;
  std::string edition;
  std::optional<int> total;
  scoring::EditionComparison comparison;
};

// A comparison of one evaluation with a reference group, ready to print or serialise.
struct Comparison {
  std::string evaluation_id;
  std::string municipality;
  int year = 0;
  std::string framework_id;
  std::string framework_version;
  std::string language;
  // The reference group's description: a catalogue code and its arguments, and how many members it has.
  std::string reference_code;
  std::map<std::string, std::string> reference_args;
  // A filtered group's criteria besides the edition, each described on its own; a renderer joins them with
  // ", " into the description's {criteria} (see describe_reference).
  std::vector<DescriptionPart> reference_criteria;
  std::optional<ReferenceFilter> reference_filter; // a filtered group's criteria, the edition resolved to its id
  int reference_count = 0;
  std::vector<ReferenceMember> members;
  std::vector<ReferenceMember> excluded_not_comparable; // named members of another edition
  std::vector<ComparisonRow> rows;                      // areas in order, then the total
  std::vector<EarlierComparison> earlier;
};

// The reference group's description in `language`, without its count: the catalogue text of
// reference_code with the criteria joined into {criteria}.
std::string describe_reference(model::UiLanguage language, const Comparison& comparison);

// Compares an evaluation with a reference group. Default group: every final or published evaluation of the
// same edition and country, every evaluation of the same municipality excluded. Named members of another
// edition are left out and listed as not comparable. A named list without ids is bad_input "reference_empty".
Result<Comparison> compare(store::Store& store, const std::string& id, const ReferenceSpec& reference);

// The same for an evaluation already loaded, inside the caller's transaction (for use cases such as the
// report that read more in the same snapshot).
Result<Comparison> compare_loaded(store::Store& store, const EvaluationView& view, const ReferenceSpec& reference);

} // namespace kompass::app
