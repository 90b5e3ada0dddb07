#include "app/evaluations.hpp"

#include <algorithm>

#include "app/blind.hpp"
#include "app/catalog.hpp"
#include "app/municipalities.hpp"
#include "app/text.hpp"
#include "app/validation.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

Result<model::Evaluation> load_existing(store::Store& store, const std::string& id) {
  auto loaded = store.load_evaluation(id);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  if (!*loaded) {
    return fail(ErrorKind::not_found, "unknown_evaluation", {{"id", id}}, "id");
  }
  return std::move(**loaded);
}

Result<model::Evaluation> load_draft(store::Store& store, const std::string& id) {
  auto evaluation = load_existing(store, id);
  if (evaluation && evaluation->status == model::Status::published) {
    return fail(ErrorKind::conflict, "evaluation_published", {{"id", id}}, "status");
  }
  if (evaluation && evaluation->status != model::Status::draft) {
    return fail(ErrorKind::conflict, "evaluation_not_draft", {{"id", id}, {"status", to_string(evaluation->status)}},
                "status");
  }
  return evaluation;
}

// Whether a use case only reads the evaluation or changes it (only drafts can be changed).
enum class Use { read, edit };

// An evaluation with the framework version it pins.
struct Pinned {
  model::Evaluation evaluation;
  model::Framework framework;
};

Result<Pinned> load_pinned(store::Store& store, const std::string& id, Use use) {
  auto evaluation = use == Use::edit ? load_draft(store, id) : load_existing(store, id);
  if (!evaluation) {
    return tl::unexpected(evaluation.error());
  }
  auto framework = get_framework(store, evaluation->framework_id, evaluation->framework_version);
  if (!framework) {
    return tl::unexpected(framework.error());
  }
  return Pinned{std::move(*evaluation), std::move(*framework)};
}

bool allowed_transition(model::Status from, model::Status to) {
  using model::Status;
  return (from == Status::draft && to == Status::final) || (from == Status::final && to == Status::published) ||
         (from == Status::final && to == Status::draft);
}

} // namespace

Result<std::string> free_evaluation_id(store::Store& store, const std::string& name, int year) {
  std::string base = fold_to_ascii_id(name) + "-" + std::to_string(year);
  for (int suffix = 1;; ++suffix) {
    std::string candidate = suffix == 1 ? base : base + "-" + std::to_string(suffix);
    auto taken = store.evaluation_exists(candidate);
    if (!taken) {
      return tl::unexpected(taken.error());
    }
    if (!*taken) {
      return candidate;
    }
  }
}

Result<std::string> create_evaluation(store::Store& store, const NewEvaluation& request) {
  if (auto year = check_year(request.year, "year"); !year) {
    return tl::unexpected(year.error());
  }
  if (auto language = check_language(request.language, "language"); !language) {
    return tl::unexpected(language.error());
  }
  for (const auto& evaluator : request.evaluators) {
    for (const auto* text : {&evaluator.name, &evaluator.organisation}) {
      if (auto valid = check_text(*text, "evaluator"); !valid) {
        return tl::unexpected(valid.error());
      }
    }
  }
  return store::in_transaction(store, [&]() -> Result<std::string> {
    auto municipality = get_municipality(store, request.municipality);
    if (!municipality) {
      return tl::unexpected(municipality.error());
    }
    auto framework = get_framework(store, request.framework, request.framework_version);
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    auto granularity = request.granularity.value_or(
        framework->level == model::FrameworkLevel::area ? model::Granularity::area : model::Granularity::question);
    if (granularity == model::Granularity::question && framework->level == model::FrameworkLevel::area) {
      return fail(ErrorKind::bad_input, "granularity_not_in_framework", {{"framework", framework->id}}, "granularity");
    }
    auto id = free_evaluation_id(store, municipality->name, request.year);
    if (!id) {
      return id;
    }
    model::Evaluation evaluation;
    evaluation.id = *id;
    evaluation.municipality = *municipality;
    evaluation.year = request.year;
    evaluation.framework_id = framework->id;
    evaluation.framework_version = framework->version;
    evaluation.language = request.language;
    evaluation.granularity = granularity;
    evaluation.evaluators = request.evaluators;
    if (auto inserted = store.insert_evaluation(evaluation); !inserted) {
      return tl::unexpected(inserted.error());
    }
    return *id;
  });
}

FindingCounts count_findings(const model::Evaluation& evaluation) {
  FindingCounts counts;
  for (const auto& finding : evaluation.findings) {
    ++(finding.kind == model::FindingKind::strength      ? counts.strengths
       : finding.kind == model::FindingKind::improvement ? counts.improvements
                                                         : counts.weaknesses);
  }
  return counts;
}

Result<EvaluationView> load_view(store::Store& store, const std::string& id) {
  auto pinned = load_pinned(store, id, Use::read);
  if (!pinned) {
    return tl::unexpected(pinned.error());
  }
  auto& [evaluation, framework] = *pinned;
  auto aggregate = scoring::aggregate(framework, evaluation.granularity, evaluation.scores, evaluation.published_total);
  return EvaluationView{std::move(evaluation), std::move(framework), std::move(aggregate)};
}

Result<EvaluationView> show_evaluation(store::Store& store, const std::string& id) {
  return store::in_transaction(
      store, [&] { return load_view(store, id); }, store::Access::read);
}

Result<std::vector<EvaluationListItem>> list_evaluations(store::Store& store, const store::EvaluationFilter& filter) {
  return store::in_transaction(
      store,
      [&]() -> Result<std::vector<EvaluationListItem>> {
        auto summaries = store.list_evaluations(filter);
        if (!summaries) {
          return tl::unexpected(summaries.error());
        }
        std::map<std::pair<std::string, std::string>, model::Framework> frameworks;
        std::vector<EvaluationListItem> items;
        for (auto& summary : *summaries) {
          auto key = std::make_pair(summary.framework_id, summary.framework_version);
          if (!frameworks.contains(key)) {
            auto framework = get_framework(store, summary.framework_id, summary.framework_version);
            if (!framework) {
              return tl::unexpected(framework.error());
            }
            frameworks.emplace(key, std::move(*framework));
          }
          const auto& framework = frameworks.at(key);
          auto aggregate = scoring::aggregate(framework, summary.granularity, summary.agreed_scores,
                                              summary.published_total, scoring::Detail::areas_and_total);
          items.push_back({std::move(summary), aggregate.total.points, framework.max_points});
        }
        sort_by_collation(
            items, [](const EvaluationListItem& item) -> const std::string& { return item.summary.municipality.name; },
            Collation::swedish);
        return items;
      },
      store::Access::read);
}

Result<void> set_status(store::Store& store, const std::string& id, model::Status status) {
  return store::in_transaction(store, [&]() -> Result<void> {
    auto pinned = load_pinned(store, id, Use::read);
    if (!pinned) {
      return tl::unexpected(pinned.error());
    }
    const auto& evaluation = pinned->evaluation;
    if (evaluation.status == status) {
      return {};
    }
    if (!allowed_transition(evaluation.status, status)) {
      return fail(ErrorKind::conflict, "status_transition",
                  {{"id", id}, {"from", to_string(evaluation.status)}, {"to", to_string(status)}}, "status");
    }
    if (status == model::Status::final) {
      // A final evaluation is what the report is written from: every question (or area) must be assessed.
      auto aggregate =
          scoring::aggregate(pinned->framework, evaluation.granularity, evaluation.scores, evaluation.published_total);
      if (auto complete = check_complete(id, aggregate); !complete) {
        return complete;
      }
    }
    return store.set_status(id, status);
  });
}

namespace {

// Checks a score against its evaluation (a draft) and framework, then stores it with `put`.
template <typename Put>
auto checked_score(store::Store& store, const std::string& id, const model::Score& score, Put&& put)
    -> decltype(put()) {
  return store::in_transaction(store, [&]() -> decltype(put()) {
    auto pinned = load_pinned(store, id, Use::edit);
    if (!pinned) {
      return tl::unexpected(pinned.error());
    }
    const auto& evaluation = pinned->evaluation;
    const auto& framework = pinned->framework;
    if (!scoring::target_fits(evaluation.granularity, score.target)) {
      return fail(ErrorKind::bad_input, "score_target_granularity",
                  {{"target", to_string(score.target)}, {"granularity", to_string(evaluation.granularity)}},
                  to_string(score.target));
    }
    if (auto checked = scoring::check_points(framework, score.target, score.target_id, score.points); !checked) {
      return tl::unexpected(checked.error());
    }
    if (auto rationale = check_text(score.rationale, "rationale"); !rationale) {
      return tl::unexpected(rationale.error());
    }
    if (auto keys = check_source_keys(score.source_keys, evaluation.sources, "source"); !keys) {
      return tl::unexpected(keys.error());
    }
    if (auto blind = check_blind_score(store, id, score); !blind) {
      return tl::unexpected(blind.error());
    }
    return put();
  });
}

// Resolves good examples given by municipality code to the stored municipality's name.
Result<void> resolve_examples(store::Store& store, model::Finding& finding) {
  for (auto& example : finding.examples) {
    // An example given by code must name a stored municipality; by name it may be any municipality.
    if (!example.code.empty()) {
      auto municipality = get_municipality(store, {example.country, example.code});
      if (!municipality) {
        return tl::unexpected(municipality.error());
      }
      example.name = municipality->name;
    }
  }
  return {};
}

} // namespace

Result<void> set_score(store::Store& store, const std::string& id, const model::Score& score) {
  return checked_score(store, id, score, [&] { return store.put_score(id, score); });
}

Result<int> set_score_versioned(store::Store& store, const std::string& id, const model::Score& score,
                                int expected_version) {
  return checked_score(store, id, score, [&] { return store.put_score_versioned(id, score, expected_version); });
}

Result<std::string> add_source(store::Store& store, const std::string& id, model::Source source) {
  if (auto valid = check_source(source, ""); !valid) {
    return tl::unexpected(valid.error());
  }
  return store::in_transaction(store, [&]() -> Result<std::string> {
    auto evaluation = load_draft(store, id);
    if (!evaluation) {
      return tl::unexpected(evaluation.error());
    }
    if (source.key.empty()) {
      for (std::size_t n = evaluation->sources.size() + 1;; ++n) {
        std::string candidate = "s" + std::to_string(n);
        bool taken = std::any_of(evaluation->sources.begin(), evaluation->sources.end(),
                                 [&](const model::Source& s) { return s.key == candidate; });
        if (!taken) {
          source.key = candidate;
          break;
        }
      }
    }
    if (auto added = store.add_source(id, source); !added) {
      return tl::unexpected(added.error());
    }
    return source.key;
  });
}

Result<long> add_finding(store::Store& store, const std::string& id, model::Finding finding) {
  return store::in_transaction(store, [&]() -> Result<long> {
    auto pinned = load_pinned(store, id, Use::edit);
    if (!pinned) {
      return tl::unexpected(pinned.error());
    }
    if (auto resolved = resolve_examples(store, finding); !resolved) {
      return tl::unexpected(resolved.error());
    }
    if (auto valid = check_finding(pinned->framework, finding, pinned->evaluation.sources, ""); !valid) {
      return tl::unexpected(valid.error());
    }
    return store.add_finding(id, finding);
  });
}

Result<void> update_finding(store::Store& store, const std::string& id, model::Finding finding) {
  return store::in_transaction(store, [&]() -> Result<void> {
    auto pinned = load_pinned(store, id, Use::edit);
    if (!pinned) {
      return tl::unexpected(pinned.error());
    }
    if (auto resolved = resolve_examples(store, finding); !resolved) {
      return resolved;
    }
    if (auto valid = check_finding(pinned->framework, finding, pinned->evaluation.sources, ""); !valid) {
      return tl::unexpected(valid.error());
    }
    return store.update_finding(id, finding);
  });
}

} // namespace kompass::app
