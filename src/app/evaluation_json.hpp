#pragma once

#include <string>
#include <string_view>

#include "model/error.hpp"
#include "model/evaluation.hpp"

namespace kompass::app {

// An evaluation document as read from JSON, before its framework is resolved against the store.
struct EvaluationDocument {
  model::Evaluation evaluation; // framework_id may be an alias; framework_version may be empty
  bool id_given = false;        // whether the file named its id
};

// Parses an evaluation JSON document (docs/formats.md). Fails with bad_input naming the JSON path of the
// first problem ("findings[3].kind"), or the line and column of malformed JSON. Checks structure and
// types only; values (countries, codes, years, points against the framework) are checked by the caller
// with the rules of validation.hpp.
model::Result<EvaluationDocument> parse_evaluation_json(std::string_view text);

// Writes an evaluation as a JSON document that parse_evaluation_json reads back to an equal evaluation
// (finding ids aside, which the store assigns; a hand-set total of a total-level evaluation comes back as "total").
std::string evaluation_to_json(const model::Evaluation& evaluation);

} // namespace kompass::app
