#include "app/reevaluation.hpp"

#include <algorithm>

#include "app/catalog.hpp"
#include "app/evaluations.hpp"
#include "app/validation.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

Result<model::Evaluation> load_named(store::Store& store, const std::string& id, const std::string& field) {
  auto loaded = store.load_evaluation(id);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  if (!*loaded) {
    return fail(ErrorKind::not_found, "unknown_evaluation", {{"id", id}}, field);
  }
  return std::move(**loaded);
}

bool has_source(const std::vector<model::Source>& sources, const std::string& key) {
  return std::any_of(sources.begin(), sources.end(), [&](const model::Source& source) { return source.key == key; });
}

// The baseline's sources that `choice` names, skipping (for `all`) or refusing (when listed) those already in
// `present`.
Result<std::vector<model::Source>> chosen_sources(const model::Evaluation& baseline, const SourceChoice& choice,
                                                  const std::vector<model::Source>& present) {
  std::vector<model::Source> out;
  if (choice.all) {
    for (const auto& source : baseline.sources) {
      if (!has_source(present, source.key)) {
        out.push_back(source);
      }
    }
    return out;
  }
  for (const auto& key : choice.keys) {
    auto found = std::find_if(baseline.sources.begin(), baseline.sources.end(),
                              [&](const model::Source& source) { return source.key == key; });
    if (found == baseline.sources.end()) {
      return fail(ErrorKind::not_found, "unknown_baseline_source", {{"key", key}, {"baseline", baseline.id}},
                  "sources");
    }
    if (has_source(present, key) || has_source(out, key)) {
      return fail(ErrorKind::conflict, "source_already_reused", {{"key", key}}, "sources");
    }
    out.push_back(*found);
  }
  return out;
}

model::Granularity default_granularity(const model::Evaluation& baseline, const model::Framework& framework) {
  if (framework.level == model::FrameworkLevel::area) {
    return model::Granularity::area;
  }
  // A baseline known only by its total is re-evaluated in full.
  return baseline.granularity == model::Granularity::total ? model::Granularity::question : baseline.granularity;
}

} // namespace

SourceChoice parse_source_choice(const std::string& text) {
  SourceChoice choice;
  if (text == "all") {
    choice.all = true;
    return choice;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = std::min(text.find(',', start), text.size());
    auto key = text.substr(start, end - start);
    key.erase(0, key.find_first_not_of(" \t"));
    key.erase(key.find_last_not_of(" \t") + 1);
    if (!key.empty()) {
      choice.keys.push_back(key);
    }
    start = end + 1;
  }
  return choice;
}

Result<std::string> create_reevaluation(store::Store& store, const NewReevaluation& request) {
  if (auto year = check_year(request.year, "year"); !year) {
    return tl::unexpected(year.error());
  }
  for (const auto& evaluator : request.evaluators) {
    for (const auto* text : {&evaluator.name, &evaluator.organisation}) {
      if (auto valid = check_text(*text, "evaluator"); !valid) {
        return tl::unexpected(valid.error());
      }
    }
  }
  return store::in_transaction(store, [&]() -> Result<std::string> {
    auto baseline = load_named(store, request.from, "from");
    if (!baseline) {
      return tl::unexpected(baseline.error());
    }
    if (request.year <= baseline->year) {
      return fail(ErrorKind::bad_input, "reevaluation_year",
                  {{"year", std::to_string(request.year)},
                   {"from", baseline->id},
                   {"baseline_year", std::to_string(baseline->year)}},
                  "year");
    }
    auto framework = request.framework ? get_framework(store, *request.framework, request.framework_version)
                                       : get_framework(store, baseline->framework_id, baseline->framework_version);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    auto granularity = request.granularity.value_or(default_granularity(*baseline, *framework));
    if (granularity == model::Granularity::question && framework->level == model::FrameworkLevel::area) {
      return fail(ErrorKind::bad_input, "granularity_not_in_framework", {{"framework", framework->id}}, "granularity");
    }
    auto sources = chosen_sources(*baseline, request.sources, {});
    if (!sources) {
      return tl::unexpected(sources.error());
    }
    auto id = free_evaluation_id(store, baseline->municipality.name, request.year);
    if (!id) {
      return id;
    }
    model::Evaluation evaluation;
    evaluation.id = *id;
    evaluation.municipality = baseline->municipality;
    evaluation.year = request.year;
    evaluation.framework_id = framework->id;
    evaluation.framework_version = framework->version;
    evaluation.language = baseline->language;
    evaluation.granularity = granularity;
    evaluation.evaluators = request.evaluators;
    // The baseline itself is stored, so history listings find it; only its known-only predecessors are copied.
    evaluation.earlier = baseline->earlier;
    evaluation.baseline_id = baseline->id;
    evaluation.sources = std::move(*sources);
    if (auto inserted = store.insert_evaluation(evaluation); !inserted) {
      return tl::unexpected(inserted.error());
    }
    return *id;
  });
}

Result<std::vector<std::string>> reuse_sources(store::Store& store, const std::string& id, const SourceChoice& choice) {
  return store::in_transaction(store, [&]() -> Result<std::vector<std::string>> {
    auto evaluation = load_named(store, id, "id");
    if (!evaluation) {
      return tl::unexpected(evaluation.error());
    }
    if (evaluation->status != model::Status::draft) {
      return fail(ErrorKind::conflict, "evaluation_not_draft", {{"id", id}, {"status", to_string(evaluation->status)}},
                  "status");
    }
    if (evaluation->baseline_id.empty()) {
      return fail(ErrorKind::bad_input, "no_baseline", {{"id", id}}, "id");
    }
    auto baseline = load_named(store, evaluation->baseline_id, "baseline");
    if (!baseline) {
      return tl::unexpected(baseline.error());
    }
    auto sources = chosen_sources(*baseline, choice, evaluation->sources);
    if (!sources) {
      return tl::unexpected(sources.error());
    }
    std::vector<std::string> keys;
    for (const auto& source : *sources) {
      if (auto added = store.add_source(id, source); !added) {
        return tl::unexpected(added.error());
      }
      keys.push_back(source.key);
    }
    return keys;
  });
}

Result<std::vector<model::Source>> reusable_sources(store::Store& store, const std::string& id) {
  return store::in_transaction(
      store,
      [&]() -> Result<std::vector<model::Source>> {
        auto evaluation = load_named(store, id, "id");
        if (!evaluation) {
          return tl::unexpected(evaluation.error());
        }
        if (evaluation->baseline_id.empty()) {
          return std::vector<model::Source>{};
        }
        auto baseline = store.load_evaluation(evaluation->baseline_id);
        if (!baseline) {
          return tl::unexpected(baseline.error());
        }
        if (!*baseline) {
          return std::vector<model::Source>{};
        }
        return chosen_sources(**baseline, SourceChoice{true, {}}, evaluation->sources);
      },
      store::Access::read);
}

} // namespace kompass::app
