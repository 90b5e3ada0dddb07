#include "app/search.hpp"

#include <chrono>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "app/catalog.hpp"
#include "scoring/scoring.hpp"

namespace kompass::app {
namespace {

// Above this many changed evaluations a catch-up reads the whole store in one pass instead, which is
// faster than loading each evaluation on its own.
constexpr std::size_t k_rebuild_above = 200;
// Documents handed to the index per batch during a rebuild.
constexpr std::size_t k_batch = 2000;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

search::DocumentKind kind_of(model::FindingKind kind) {
  switch (kind) {
  case model::FindingKind::strength:
    return search::DocumentKind::strength;
  case model::FindingKind::improvement:
    return search::DocumentKind::improvement;
  case model::FindingKind::weakness:
    return search::DocumentKind::weakness;
  }
  return search::DocumentKind::strength;
}

// Parsed frameworks by id and version, so a rebuild parses each edition once.
class Frameworks {
public:
  explicit Frameworks(store::Store& store) : m_store(store) {}

  Result<const model::Framework*> get(const std::string& id, const std::string& version) {
    auto key = std::make_pair(id, version);
    auto found = m_parsed.find(key);
    if (found == m_parsed.end()) {
      auto framework = get_framework(m_store, id, version);
      if (!framework) {
        return tl::unexpected(framework.error());
      }
      found = m_parsed.emplace(key, std::move(*framework)).first;
    }
    return &found->second;
  }

private:
  store::Store& m_store;
  std::map<std::pair<std::string, std::string>, model::Framework> m_parsed;
};

// The sub-area a question id belongs to ("1.2.3" → "1.2"), or empty when the framework has none.
std::string sub_area_of(const model::Framework& framework, const std::string& question_id) {
  auto dot = question_id.rfind('.');
  if (dot == std::string::npos) {
    return {};
  }
  auto sub_area = question_id.substr(0, dot);
  return framework.find_sub_area(sub_area) ? sub_area : std::string{};
}

std::vector<search::Document> documents_from(const store::EvaluationTexts& texts, const model::Framework& framework) {
  const auto& summary = texts.summary;
  auto aggregate = scoring::aggregate(framework, summary.granularity, summary.agreed_scores, summary.published_total);
  auto area_points = [&](int area) -> std::optional<int> {
    if (area < 1 || static_cast<std::size_t>(area) > aggregate.areas.size()) {
      return std::nullopt;
    }
    return aggregate.areas[static_cast<std::size_t>(area - 1)].points;
  };
  search::Document common;
  common.evaluation_id = summary.id;
  common.municipality = summary.municipality.name;
  common.municipality_code = summary.municipality.ref.code;
  common.country = summary.municipality.ref.country;
  common.year = summary.year;
  common.edition = summary.framework_id;
  common.status = summary.status;
  common.language = texts.language;
  common.population = summary.municipality.population;

  std::vector<search::Document> documents;
  documents.reserve(texts.findings.size());
  for (const auto& finding : texts.findings) {
    auto document = common;
    document.key = "f:" + std::to_string(finding.id);
    document.area = finding.area;
    document.sub_area = finding.sub_area;
    document.kind = kind_of(finding.kind);
    document.text = finding.text;
    for (const auto& example : finding.examples) {
      document.examples.push_back(example.name);
      document.example_reasons.push_back(example.reason);
    }
    document.area_points = area_points(finding.area);
    documents.push_back(std::move(document));
  }
  for (const auto& score : summary.agreed_scores) {
    if (score.rationale.empty()) {
      continue;
    }
    auto document = common;
    document.key = "r:" + summary.id + ":" + score.target_id;
    document.kind = search::DocumentKind::rationale;
    document.text = score.rationale;
    switch (score.target) {
    case model::ScoreTarget::question:
      document.area = framework.area_of(score.target_id);
      document.sub_area = sub_area_of(framework, score.target_id);
      break;
    case model::ScoreTarget::area:
      try {
        document.area = std::stoi(score.target_id);
      } catch (const std::exception&) {
        document.area = 0;
      }
      break;
    case model::ScoreTarget::total:
      document.area = 0;
      break;
    }
    document.area_points = area_points(document.area);
    documents.push_back(std::move(document));
  }
  return documents;
}

store::EvaluationTexts texts_of(const model::Evaluation& evaluation) {
  store::EvaluationTexts texts;
  texts.summary = model::summary_of(evaluation);
  texts.language = evaluation.language;
  texts.findings = evaluation.findings;
  return texts;
}

long count_findings_in(const std::vector<search::Document>& documents) {
  long findings = 0;
  for (const auto& document : documents) {
    findings += document.kind == search::DocumentKind::rationale ? 0 : 1;
  }
  return findings;
}

// Tells this store from another database that was later put at the same path: when its schema was created.
Result<std::string> identity_of(store::Store& store) {
  auto migrations = store.applied_migrations();
  if (!migrations) {
    return tl::unexpected(migrations.error());
  }
  return migrations->empty() ? std::string{} : migrations->front().applied_at;
}

Result<SyncReport> rebuild(store::Store& store, search::Index& index) {
  auto start = Clock::now();
  SyncReport report;
  report.mode = SyncMode::rebuild;
  std::string store_identity;
  auto built = store::in_transaction(
      store,
      [&]() -> Result<void> {
        // Read in the same snapshot as the documents, so no change falls between the two.
        auto last = store.last_change();
        if (!last) {
          return tl::unexpected(last.error());
        }
        report.applied_change = *last;
        auto identity = identity_of(store);
        if (!identity) {
          return tl::unexpected(identity.error());
        }
        store_identity = std::move(*identity);
        Frameworks frameworks(store);
        return index.rebuild_from([&](const search::Index::DocumentSink& sink) -> Result<void> {
          std::vector<search::Document> batch;
          auto scanned = store.scan_evaluation_texts([&](store::EvaluationTexts& texts) -> Result<void> {
            auto framework = frameworks.get(texts.summary.framework_id, texts.summary.framework_version);
            if (!framework) {
              return tl::unexpected(framework.error());
            }
            auto documents = documents_from(texts, **framework);
            ++report.evaluations;
            report.findings += static_cast<long>(texts.findings.size());
            report.documents += static_cast<long>(documents.size());
            batch.insert(batch.end(), std::make_move_iterator(documents.begin()),
                         std::make_move_iterator(documents.end()));
            if (batch.size() >= k_batch) {
              if (auto added = sink(batch); !added) {
                return added;
              }
              batch.clear();
            }
            return {};
          });
          if (!scanned) {
            return scanned;
          }
          return sink(batch);
        });
      },
      store::Access::read);
  if (!built) {
    return tl::unexpected(built.error());
  }
  // After the rebuild, which starts from an empty index, and committed with the applied change.
  if (auto recorded = index.set_store_identity(store_identity); !recorded) {
    return tl::unexpected(recorded.error());
  }
  if (auto applied = index.set_applied_change(report.applied_change); !applied) {
    return tl::unexpected(applied.error());
  }
  report.seconds = seconds_since(start);
  return report;
}

// The documents of each changed evaluation (none for a deleted one), read in one snapshot.
struct PendingChanges {
  std::vector<std::pair<std::string, std::vector<search::Document>>> evaluations;
  long last_change = 0;
  bool too_many = false;
};

Result<SyncReport> catch_up(store::Store& store, search::Index& index) {
  auto start = Clock::now();
  long from = index.applied_change();
  auto pending = store::in_transaction(
      store,
      [&]() -> Result<PendingChanges> {
        PendingChanges result;
        auto last = store.last_change();
        if (!last) {
          return tl::unexpected(last.error());
        }
        // Another database now sits at this path, or its log is behind the index: start afresh.
        auto identity = identity_of(store);
        if (!identity) {
          return tl::unexpected(identity.error());
        }
        if (*identity != index.store_identity() || *last < from) {
          result.too_many = true;
          return result;
        }
        auto changes = store.changes_since(from);
        if (!changes) {
          return tl::unexpected(changes.error());
        }
        result.last_change = changes->empty() ? from : changes->back().sequence;
        std::set<std::string> ids;
        for (const auto& change : *changes) {
          ids.insert(change.evaluation_id);
        }
        if (ids.size() > k_rebuild_above) {
          result.too_many = true;
          return result;
        }
        for (const auto& id : ids) {
          auto evaluation = store.load_evaluation(id);
          if (!evaluation) {
            return tl::unexpected(evaluation.error());
          }
          std::vector<search::Document> documents;
          if (*evaluation) {
            auto made = documents_of(store, **evaluation);
            if (!made) {
              return tl::unexpected(made.error());
            }
            documents = std::move(*made);
          }
          result.evaluations.emplace_back(id, std::move(documents));
        }
        return result;
      },
      store::Access::read);
  if (!pending) {
    return tl::unexpected(pending.error());
  }
  if (pending->too_many) {
    return rebuild(store, index);
  }
  SyncReport report;
  report.applied_change = pending->last_change;
  if (pending->last_change == from) {
    return report;
  }
  for (const auto& [id, documents] : pending->evaluations) {
    if (auto replaced = index.replace_evaluation(id, documents); !replaced) {
      return tl::unexpected(replaced.error());
    }
    ++report.evaluations;
    report.documents += static_cast<long>(documents.size());
    report.findings += count_findings_in(documents);
  }
  if (auto applied = index.set_applied_change(pending->last_change); !applied) {
    return tl::unexpected(applied.error());
  }
  report.seconds = seconds_since(start);
  return report;
}

bool index_damaged(const model::Error& error) { return error.code == "search_index_corrupt"; }

} // namespace

std::string index_path_for(const std::string& db_location) {
  auto scheme_end = db_location.find("://");
  if (scheme_end == std::string::npos) {
    return db_location + ".index";
  }
  // A database URL may carry a user and password: only host, port and database name make up the folder name.
  auto rest = db_location.substr(scheme_end + 3);
  if (auto at = rest.rfind('@', rest.find('/')); at != std::string::npos) {
    rest = rest.substr(at + 1);
  }
  rest = rest.substr(0, rest.find('?'));
  std::string name = "kompass-";
  for (char c : rest) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    name += plain ? c : '_';
  }
  return name + ".index";
}

Result<std::vector<search::Document>> documents_of(store::Store& store, const model::Evaluation& evaluation) {
  auto framework = get_framework(store, evaluation.framework_id, evaluation.framework_version);
  if (!framework) {
    return tl::unexpected(framework.error());
  }
  return documents_from(texts_of(evaluation), *framework);
}

Result<SyncReport> sync_index(store::Store& store, search::Index& index, SyncMode mode) {
  return mode == SyncMode::rebuild ? rebuild(store, index) : catch_up(store, index);
}

Result<std::unique_ptr<search::Index>> open_search_index(store::Store& store, const std::string& path) {
  auto opened = search::open_index(path);
  if (!opened) {
    return tl::unexpected(opened.error());
  }
  if (opened->created) {
    if (auto rebuilt = rebuild(store, *opened->index); !rebuilt) {
      return tl::unexpected(rebuilt.error());
    }
  }
  return std::move(opened->index);
}

Result<NodeIndex> open_node_index(store::Store& store, const std::string& preferred, const std::string& fallback) {
  NodeIndex result;
  result.path = preferred;
  // The holder of `preferred` (another node) keeps it for as long as it runs, so waiting would not help.
  auto opened = search::open_index(preferred, std::chrono::milliseconds(0));
  if (!opened && opened.error().code == "search_index_locked") {
    result.path = fallback;
    result.fell_back = true;
    opened = search::open_index(fallback);
  }
  if (!opened) {
    return tl::unexpected(opened.error());
  }
  if (opened->created) {
    if (auto rebuilt = rebuild(store, *opened->index); !rebuilt) {
      return tl::unexpected(rebuilt.error());
    }
  }
  result.index = std::move(opened->index);
  return result;
}

Result<search::Results> search_findings(store::Store& store, search::Index& index, const search::Query& query) {
  auto attempt = [&]() -> Result<search::Results> {
    if (auto synced = catch_up(store, index); !synced) {
      return tl::unexpected(synced.error());
    }
    return index.search(query);
  };
  auto results = attempt();
  if (!results && index_damaged(results.error())) {
    if (auto rebuilt = rebuild(store, index); !rebuilt) {
      return tl::unexpected(rebuilt.error());
    }
    results = attempt();
  }
  return results;
}

std::string search_results_json(const search::Results& results) {
  nlohmann::ordered_json hits = nlohmann::ordered_json::array();
  for (const auto& hit : results.hits) {
    const auto& document = hit.document;
    nlohmann::ordered_json examples = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < document.examples.size(); ++i) {
      examples.push_back({{"name", document.examples[i]},
                          {"reason", i < document.example_reasons.size() ? document.example_reasons[i] : ""}});
    }
    nlohmann::ordered_json item{{"key", document.key},
                                {"evaluation_id", document.evaluation_id},
                                {"municipality", document.municipality},
                                {"municipality_code", document.municipality_code},
                                {"country", document.country},
                                {"year", document.year},
                                {"edition", document.edition},
                                {"status", model::to_string(document.status)},
                                {"area", document.area},
                                {"sub_area", document.sub_area},
                                {"kind", search::to_string(document.kind)},
                                {"text", document.text},
                                {"examples", examples}};
    item["area_points"] = document.area_points ? nlohmann::ordered_json(*document.area_points) : nullptr;
    auto band = search::population_band(document.population);
    item["population_band"] = band.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(band);
    item["percent"] = hit.percent;
    item["snippet"] = hit.snippet;
    hits.push_back(std::move(item));
  }
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const auto* name : {"kind", "area", "sub_area", "year", "country", "edition", "population_band"}) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    if (auto found = results.facets.find(name); found != results.facets.end()) {
      for (const auto& [value, count] : found->second) {
        values.push_back({{"value", value}, {"count", count}});
      }
    }
    facets[name] = std::move(values);
  }
  nlohmann::ordered_json document{
      {"estimated_total", results.estimated_total}, {"hits", std::move(hits)}, {"facets", std::move(facets)}};
  return document.dump(2) + "\n";
}

} // namespace kompass::app
