#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "model/error.hpp"
#include "model/framework.hpp"

namespace kompass::frameworks {

// One problem in a framework file, at a 1-based line and column counted in characters (0 when the position is
// unknown); error.field holds the path of the offending node, e.g. "areas[0].subareas[1].max_points".
struct Diagnostic {
  int line = 0;
  int column = 0;
  model::Error error; // kind bad_input; code and args from data/messages/frameworks.tsv
};

// Parses and validates the YAML text of a framework edition. Returns the framework, or every problem
// found in document order (never only the first), so `framework validate` can list them all.
tl::expected<model::Framework, std::vector<Diagnostic>> parse_framework(std::string_view yaml_text);

// A hex digest of the framework's content in a canonical form: the same for files that differ only in
// formatting, key order or comments, different when any id, text, point or rule differs.
std::string content_hash(const model::Framework& framework);

// A framework file built into the binary.
struct ShippedFile {
  std::string path; // "data/frameworks/kommunkompassen-2010.yaml"
  std::string_view text;
};

// The shipped framework files (data/frameworks/*.yaml), ordered by path.
std::vector<ShippedFile> shipped_frameworks();

} // namespace kompass::frameworks
