#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// How large a synthetic database to write, and the seed that makes it repeatable.
struct GenerateOptions {
  int municipalities = 1100;            // 1–1500
  int evaluations_per_municipality = 6; // 1–15 (one per year, 2010–2024)
  int findings = 40;                    // per evaluation, 0–500
  std::uint64_t seed = 1;
};

// The note every synthetic evaluation carries, so that none can pass for a real evaluation.
inline constexpr const char* k_synthetic_note = "Syntetisk testdata för prestandamätning – inte en verklig utvärdering";

// The edition every synthetic evaluation uses (area granularity, eight areas of 100 points).
inline constexpr const char* k_synthetic_framework = "kommunkompassen-2010";

// The exponent of the Zipf distribution the finding words are drawn from (rank r has weight 1 / r^s).
inline constexpr double k_zipf_exponent = 1.07;

// The generator's vocabulary, most frequent rank first: every word of the seed report and the sample, then
// Swedish compounds (modifier + head, "medborgar" + "dialog") in a fixed order, at least 5,000 distinct words.
const std::vector<std::string>& synthetic_vocabulary();

// Checks the counts of `options` against the documented ranges; bad_input "generate_count_out_of_range"
// naming the option otherwise.
Result<void> check_generate_options(const GenerateOptions& options);

// Builds synthetic municipalities and evaluations. Each one is a pure function of the seed and its place, so the
// same seed gives the same data whatever is asked for first. The options must have passed
// check_generate_options.
class SyntheticData {
public:
  // Prepares names, codes and word tables; `framework` supplies the edition's id, version and sub-areas.
  SyntheticData(const GenerateOptions& options, const model::Framework& framework);
  // Frees the word tables.
  ~SyntheticData();
  SyntheticData(const SyntheticData&) = delete;
  SyntheticData& operator=(const SyntheticData&) = delete;

  // The municipality at `index` (0 ≤ index < municipalities): a plausible name, a county marked as synthetic,
  // a four-digit code (county + number), a log-normal population and an SKR municipality group.
  model::Municipality municipality(int index) const;
  // Evaluation `number` (0 ≤ number < evaluations_per_municipality) of the municipality at `index`: area
  // granularity, eight area scores, mostly published, with the synthetic note and `findings` findings.
  model::Evaluation evaluation(int index, int number) const;

private:
  struct Tables;
  GenerateOptions m_options;
  std::string m_framework_id;
  std::string m_framework_version;
  std::vector<std::vector<std::string>> m_sub_areas; // per area, index 0 = area 1
  std::unique_ptr<Tables> m_tables;
};

// What generate_database wrote and how long it took.
struct GenerateReport {
  long municipalities = 0;
  long evaluations = 0;
  long findings = 0;
  double seconds = 0;          // all of it, with checking the store and reading the edition
  double generate_seconds = 0; // building the data in memory
  double store_seconds = 0;    // the store's inserts and the commit: the import
};

// Called as evaluations are stored, with how many of `total` are done.
using GenerateProgress = std::function<void(long done, long total)>;

// Writes a synthetic national database into `store` in one transaction, so a failure stores nothing. Fails with
// conflict "generate_store_not_empty" when the store already holds a municipality or an evaluation, and with
// bad_input when the options are out of range.
Result<GenerateReport> generate_database(store::Store& store, const GenerateOptions& options,
                                         const GenerateProgress& progress = {});

} // namespace kompass::app
