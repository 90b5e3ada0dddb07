#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "model/error.hpp"
#include "scoring/scoring.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// Which evaluations form the reference group.
struct ReferenceSpec {
  enum class Kind { default_group, published_average, named_list } kind = Kind::default_group;
  std::vector<std::string> evaluation_ids; // named_list
};

// Parses "default", "published" or a comma-separated list of evaluation ids.
ReferenceSpec parse_reference_spec(const std::string& text);

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
  int reference_count = 0;
  std::vector<ReferenceMember> members;
  std::vector<ReferenceMember> excluded_not_comparable; // named members of another edition
  std::vector<ComparisonRow> rows;                      // areas in order, then the total
  std::vector<EarlierComparison> earlier;
};

// Compares an evaluation with a reference group. Default group: every final or published evaluation of the
// same edition and country, every evaluation of the same municipality excluded. Named members of another
// edition are left out and listed as not comparable.
Result<Comparison> compare(store::Store& store, const std::string& id, const ReferenceSpec& reference);

// The same for an evaluation already loaded, inside the caller's transaction (for use cases such as the
// report that read more in the same snapshot).
Result<Comparison> compare_loaded(store::Store& store, const EvaluationView& view, const ReferenceSpec& reference);

} // namespace kompass::app
