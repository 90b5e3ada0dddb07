#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// What a file held, as detected from its name and header.
enum class ImportKind { evaluation_json, published_results_csv, published_averages_csv, key_figures_csv };

// An evaluation that was not imported because one is stored for the same country, municipality, year
// and edition.
struct SkippedEvaluation {
  std::string existing_id;
  std::string municipality;
  int year = 0;
  std::string framework_id;
  int line = 0; // CSV line, 0 for JSON
};

// What an import stored and skipped.
struct ImportReport {
  ImportKind kind = ImportKind::evaluation_json;
  std::vector<std::string> imported; // evaluation ids
  std::vector<SkippedEvaluation> skipped;
  int averages = 0;         // published averages stored
  int averages_skipped = 0; // published averages already stored
  int key_figures = 0;      // key figures stored
};

// Called with each evaluation's id as soon as it is stored, inside the import's transaction (not yet committed).
using ImportProgress = std::function<void(const std::string& evaluation_id)>;

// Imports a file's bytes; `name` decides the format by its extension (.json, .csv). All or nothing: the
// first problem fails the import with a message naming its field, or line and column, and nothing is stored.
// `on_stored`, when given, is called after each evaluation is stored (the CLI's test-only progress and delay).
Result<ImportReport> import_file(store::Store& store, const std::string& name, std::string_view bytes,
                                 const ImportProgress& on_stored = {});

// Export formats.
enum class ExportFormat { json, csv };

// The evaluation as a document: JSON that re-imports to the same evaluation, or one CSV row in the
// published-results layout (with its header).
Result<std::string> export_evaluation(store::Store& store, const std::string& id, ExportFormat format);

} // namespace kompass::app
