#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/framework.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// One problem in a framework file, 1-based line and column.
struct FrameworkProblem {
  int line = 0;
  int column = 0;
  model::Error error;
};

// Checks framework YAML text; an empty list means it is valid.
std::vector<FrameworkProblem> validate_framework(std::string_view yaml_text);

// What loading one framework file did.
enum class LoadOutcome { loaded, already_loaded };

// The result of loading one file: which edition and whether it was new.
struct LoadReport {
  std::string id;
  std::string version;
  LoadOutcome outcome = LoadOutcome::loaded;
};

// Loads a framework file into the store. Fails with bad_input (code "framework_invalid", the problems in
// `problems`) when the file is invalid, and with conflict when the same id and version is stored with other
// content ("framework_changed") or an alias belongs to another edition. Loading never changes a stored version.
Result<LoadReport> load_framework(store::Store& store, std::string_view yaml_text,
                                  std::vector<FrameworkProblem>* problems = nullptr);

// Loads every shipped edition not yet stored (kompass init); reports one line per edition.
Result<std::vector<LoadReport>> load_shipped_frameworks(store::Store& store);

// Loads the shipped editions when the store holds none yet, so a fresh database works without `init`.
Result<void> ensure_initialised(store::Store& store);

// A stored edition's headline facts for listings.
struct FrameworkInfo {
  std::string id;
  std::string version;
  std::string title;
  model::FrameworkLevel level = model::FrameworkLevel::question;
  int max_points = 0;
  std::size_t areas = 0;
  std::size_t sub_areas = 0;
  std::size_t questions = 0;
  std::vector<std::string> aliases;
};

// Every stored edition version, ordered by id and version.
Result<std::vector<FrameworkInfo>> list_frameworks(store::Store& store);

// The stored edition by id or alias and version (newest when none); not_found "unknown_framework" otherwise.
Result<model::Framework> get_framework(store::Store& store, const std::string& id_or_alias,
                                       const std::optional<std::string>& version = std::nullopt);

} // namespace kompass::app
