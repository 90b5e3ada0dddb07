#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/error.hpp"
#include "scoring/agreement.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// One question the two evaluators scored differently.
struct ScoreDifference {
  std::string question;
  int first = 0;
  int second = 0;
  int max = 0;
};

// How two evaluators who scored an evaluation blind agree: over every question both scored, per area, and
// the questions where they differ, the largest difference (on the question's own scale) first.
struct AgreementReport {
  std::string evaluation_id;
  std::string first; // evaluator names
  std::string second;
  scoring::Agreement total;
  std::vector<std::pair<int, scoring::Agreement>> areas; // by area number, areas with a question both scored
  std::vector<ScoreDifference> differences;
};

// The agreement of two evaluators' own question scores in an evaluation. Without names, the evaluation's two
// evaluators with own scores are compared; bad_input "agreement_evaluators" (listing who has own scores) when
// there are not exactly two, or when a named evaluator has none; conflict "blind_scoring_open" (naming who has
// not finished) while blind scoring of the evaluation is open.
Result<AgreementReport> evaluation_agreement(store::Store& store, const std::string& id,
                                             const std::optional<std::pair<std::string, std::string>>& names);

// The reading of an agreement's kappa: "undefined", "poor", "slight", "fair", "moderate", "substantial" or
// "almost_perfect".
std::string agreement_level(const scoring::Agreement& agreement);

// {"evaluation", "evaluators": [first, second], "total": {...}, "areas": [{"area", ...}], "differences":
// [{"question", "first", "second", "max"}]}, each statistics object {"count", "exact", "mad", "kappa",
// "level"} with null for an undefined figure.
std::string agreement_json(const AgreementReport& report);

} // namespace kompass::app
