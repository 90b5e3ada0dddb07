#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "app/municipalities.hpp"
#include "app/search.hpp"
#include "app/transfer.hpp"
#include "unit/app/app_test_support.hpp"

// The search use cases over a real store: building documents, following changes, rebuilding a broken index,
// and the relevance fixtures in tests/data/search/.

namespace {

namespace fs = std::filesystem;
using namespace kompass;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;
using testing_support::TemporaryStore;

const fs::path k_fixtures = fs::path(KOMPASS_TEST_DATA) / "search";

class SearchAppTest : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_store);
    import(k_samples / "sundsvall-2012.json");
  }

  void import(const fs::path& file) {
    auto imported = app::import_file(db(), file.filename().string(), read_bytes(file));
    ASSERT_TRUE(imported) << file << ": " << describe(imported.error());
  }

  void import_fixtures() {
    for (const auto& entry : fs::directory_iterator(k_fixtures)) {
      if (entry.path().extension() == ".json") {
        import(entry.path());
      }
    }
  }

  store::Store& db() { return m_store.db(); }
  std::string index_path() const { return app::index_path_for((m_store.path() / "kompass.db").string()); }

  std::unique_ptr<search::Index> open_index() {
    auto opened = app::open_search_index(db(), index_path());
    EXPECT_TRUE(opened) << describe(opened.error());
    return opened ? std::move(*opened) : nullptr;
  }

  search::Results find(search::Index& index, const std::string& text, bool drafts = true) {
    search::Query query;
    query.text = text;
    query.visibility.unpublished = drafts;
    auto results = app::search_findings(db(), index, query);
    EXPECT_TRUE(results) << describe(results.error());
    return results ? *results : search::Results{};
  }

  static std::vector<std::string> texts(const search::Results& results) {
    std::vector<std::string> found;
    for (const auto& hit : results.hits) {
      found.push_back(hit.document.text);
    }
    return found;
  }

  static bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
  }

  TemporaryStore m_store;
};

TEST_P(SearchAppTest, IndexLivesNextToTheDatabase) {
  EXPECT_EQ(app::index_path_for("/data/kompass.db"), "/data/kompass.db.index");
  EXPECT_EQ(app::index_path_for("x.db"), "x.db.index");
}

// A URL's user and password never become part of a folder name.
TEST(IndexPath, ADatabaseUrlGivesAFolderNamedAfterHostPortAndDatabaseOnly) {
  EXPECT_EQ(app::index_path_for("postgresql://kompass:hemligt@db1.example.se:5432/kompass"),
            "kompass-db1.example.se_5432_kompass.index");
  EXPECT_EQ(app::index_path_for("postgres://127.0.0.1:5433/test?sslmode=require"), "kompass-127.0.0.1_5433_test.index");
  EXPECT_EQ(app::index_path_for("postgresql://user@host/db"), "kompass-host_db.index");
}

TEST_P(SearchAppTest, DocumentsOfAnEvaluationCarryItsFacetsAndScores) {
  auto view = app::show_evaluation(db(), "sundsvall-2012");
  ASSERT_TRUE(view) << describe(view.error());
  auto documents = app::documents_of(db(), view->evaluation);
  ASSERT_TRUE(documents) << describe(documents.error());
  ASSERT_EQ(documents->size(), view->evaluation.findings.size() + 8) << "every finding and eight area rationales";

  auto centre = std::find_if(documents->begin(), documents->end(), [](const search::Document& d) {
    return d.text.find("kontaktcenter") != std::string::npos;
  });
  ASSERT_NE(centre, documents->end());
  EXPECT_EQ(centre->key.substr(0, 2), "f:");
  EXPECT_EQ(centre->evaluation_id, "sundsvall-2012");
  EXPECT_EQ(centre->municipality, "Sundsvall");
  EXPECT_EQ(centre->municipality_code, "2281");
  EXPECT_EQ(centre->country, "SE");
  EXPECT_EQ(centre->year, 2012);
  EXPECT_EQ(centre->edition, "kommunkompassen-2010");
  EXPECT_EQ(centre->status, model::Status::published);
  EXPECT_EQ(centre->language, "sv");
  EXPECT_EQ(centre->area, 2);
  EXPECT_EQ(centre->sub_area, "2.3");
  EXPECT_EQ(centre->kind, search::DocumentKind::improvement);
  EXPECT_EQ(centre->area_points, 60);
  EXPECT_EQ(centre->examples, (std::vector<std::string>{"Nacka", "Öckerö", "Järfälla"}));
  EXPECT_EQ(centre->example_reasons, (std::vector<std::string>{"har kundcenter", "har kundcenter", "har kundcenter"}));

  auto rationale = std::find_if(documents->begin(), documents->end(),
                                [](const search::Document& d) { return d.key == "r:sundsvall-2012:1"; });
  ASSERT_NE(rationale, documents->end());
  EXPECT_EQ(rationale->kind, search::DocumentKind::rationale);
  EXPECT_EQ(rationale->area, 1);
  EXPECT_EQ(rationale->area_points, 44);
}

TEST_P(SearchAppTest, NewIndexIsBuiltFromTheStoreOnOpen) {
  auto index = open_index();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->size(), 79 + 8);
  EXPECT_EQ(index->applied_change(), db().last_change().value());
  auto results = find(*index, "kundcenter");
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(results.hits[0].document.municipality, "Sundsvall");
}

TEST_P(SearchAppTest, SavedChangesAreFoundByTheNextSearch) {
  auto index = open_index();
  ASSERT_TRUE(index);
  model::Municipality nacka;
  nacka.ref = {"SE", "0182"};
  nacka.name = "Nacka";
  nacka.population = 98'000;
  ASSERT_TRUE(app::add_municipality(db(), nacka));
  app::NewEvaluation request;
  request.municipality = nacka.ref;
  request.year = 2025;
  request.framework = "kommunkompassen-2010";
  auto id = app::create_evaluation(db(), request);
  ASSERT_TRUE(id) << describe(id.error());
  model::Finding finding;
  finding.area = 2;
  finding.sub_area = "2.3";
  finding.kind = model::FindingKind::strength;
  finding.text = "Kundcenter som svarar på alla frågor samma dag";
  ASSERT_TRUE(app::add_finding(db(), *id, finding));

  auto found = texts(find(*index, "kundcenter"));
  EXPECT_TRUE(contains(found, finding.text));
  EXPECT_FALSE(contains(texts(find(*index, "kundcenter", false)), finding.text)) << "a draft is not public";

  search::Query own;
  own.text = "kundcenter";
  own.visibility.unpublished_evaluations = {*id};
  auto evaluator_view = app::search_findings(db(), *index, own);
  ASSERT_TRUE(evaluator_view);
  EXPECT_TRUE(contains(texts(*evaluator_view), finding.text)) << "its evaluator sees the draft";

  model::Finding second = finding;
  second.text = "Kundcenter även på lördagar";
  ASSERT_TRUE(app::add_finding(db(), *id, second));
  found = texts(find(*index, "kundcenter"));
  EXPECT_TRUE(contains(found, finding.text));
  EXPECT_TRUE(contains(found, second.text));

  auto synced = app::sync_index(db(), *index, app::SyncMode::catch_up);
  ASSERT_TRUE(synced);
  EXPECT_EQ(synced->evaluations, 0) << "nothing left to catch up";
}

TEST_P(SearchAppTest, DeletedIndexFolderIsRebuiltOnOpen) {
  {
    auto index = open_index();
    ASSERT_TRUE(index);
  }
  fs::remove_all(index_path());
  auto index = open_index();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->size(), 79 + 8);
  EXPECT_FALSE(find(*index, "kontaktcenter").hits.empty());
}

TEST_P(SearchAppTest, CorruptIndexIsRebuiltOnOpen) {
  {
    auto index = open_index();
    ASSERT_TRUE(index);
  }
  for (const auto& entry : fs::recursive_directory_iterator(index_path())) {
    if (entry.is_regular_file()) {
      std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << "garbage";
    }
  }
  auto index = open_index();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->size(), 79 + 8);
}

TEST_P(SearchAppTest, IndexAheadOfTheStoreIsRebuilt) {
  auto index = open_index();
  ASSERT_TRUE(index);
  ASSERT_TRUE(index->replace_evaluation("gone-2000", {}));
  ASSERT_TRUE(index->set_applied_change(db().last_change().value() + 1000));
  auto synced = app::sync_index(db(), *index, app::SyncMode::catch_up);
  ASSERT_TRUE(synced) << describe(synced.error());
  EXPECT_EQ(synced->mode, app::SyncMode::rebuild);
  EXPECT_EQ(index->applied_change(), db().last_change().value());
}

TEST_P(SearchAppTest, IndexOfAnotherDatabaseIsRebuilt) {
  auto index = open_index();
  ASSERT_TRUE(index);
  EXPECT_FALSE(index->store_identity().empty());
  auto own = index->store_identity();
  ASSERT_TRUE(index->set_store_identity("2001-01-01T00:00:00Z"));
  ASSERT_TRUE(index->set_applied_change(0));
  auto synced = app::sync_index(db(), *index, app::SyncMode::catch_up);
  ASSERT_TRUE(synced) << describe(synced.error());
  EXPECT_EQ(synced->mode, app::SyncMode::rebuild);
  EXPECT_EQ(index->store_identity(), own);
}

TEST_P(SearchAppTest, NodeIndexFallsBackToItsOwnFolderWhileThePreferredIsHeld) {
  const std::string fallback = index_path() + "-8081";
  {
    auto free = app::open_node_index(db(), index_path(), fallback);
    ASSERT_TRUE(free) << describe(free.error());
    EXPECT_FALSE(free->fell_back);
    EXPECT_EQ(free->path, index_path());
  }
  auto holder = open_index(); // another node holds the shared folder (Xapian's lock is per open database)
  ASSERT_TRUE(holder);
  const auto started = std::chrono::steady_clock::now();
  auto node = app::open_node_index(db(), index_path(), fallback);
  const auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(node) << describe(node.error());
  EXPECT_TRUE(node->fell_back);
  EXPECT_EQ(node->path, fallback);
  EXPECT_LT(waited, std::chrono::seconds(5)) << "waited for the held folder instead of falling back";
  EXPECT_TRUE(fs::is_directory(fallback));
  // The node's own folder was built from the store and follows it like the shared one.
  EXPECT_EQ(node->index->size(), holder->size());
  EXPECT_FALSE(find(*node->index, "kontaktcenter").hits.empty());
}

TEST_P(SearchAppTest, RebuildReportsWhatItIndexed) {
  import_fixtures();
  auto index = open_index();
  ASSERT_TRUE(index);
  auto rebuilt = app::sync_index(db(), *index, app::SyncMode::rebuild);
  ASSERT_TRUE(rebuilt) << describe(rebuilt.error());
  EXPECT_EQ(rebuilt->mode, app::SyncMode::rebuild);
  EXPECT_EQ(rebuilt->evaluations, 5);
  EXPECT_EQ(rebuilt->findings, 79 + 5 + 3 + 2 + 1);
  EXPECT_EQ(rebuilt->documents, index->size());
  std::cout << "[ rebuild  ] " << rebuilt->findings << " findings in " << rebuilt->seconds << " s\n";
}

// --- relevance fixtures

struct ExpectedDocument {
  std::string municipality;
  std::string text;
};

struct RelevanceCase {
  int line = 0;
  search::Query query;
  std::vector<ExpectedDocument> expected;
  std::vector<ExpectedDocument> absent;
};

std::string trimmed(const std::string& text) {
  auto begin = text.find_first_not_of(' ');
  auto end = text.find_last_not_of(' ');
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

std::vector<RelevanceCase> read_cases(const fs::path& path) {
  std::istringstream in(read_bytes(path));
  std::vector<RelevanceCase> cases;
  std::string line;
  int number = 0;
  bool open = false;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) {
      open = false;
      continue;
    }
    if (line[0] == '#') {
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) {
      ADD_FAILURE() << path << ":" << number << ": no directive: " << line;
      continue;
    }
    auto directive = line.substr(0, colon);
    auto value = trimmed(line.substr(colon + 1));
    if (directive == "query") {
      cases.push_back({});
      cases.back().line = number;
      cases.back().query.text = value;
      open = true;
      continue;
    }
    if (!open) {
      ADD_FAILURE() << path << ":" << number << ": a case starts with query:";
      continue;
    }
    auto& current = cases.back();
    if (directive == "language") {
      current.query.language = value;
    } else if (directive == "kind") {
      current.query.kind = search::parse_document_kind(value);
      EXPECT_TRUE(current.query.kind) << path << ":" << number << ": unknown kind " << value;
    } else if (directive == "expect" || directive == "absent") {
      auto bar = value.find(" | ");
      if (bar == std::string::npos) {
        ADD_FAILURE() << path << ":" << number << ": expected MUNICIPALITY | TEXT";
        continue;
      }
      ExpectedDocument document{value.substr(0, bar), value.substr(bar + 3)};
      (directive == "expect" ? current.expected : current.absent).push_back(document);
    } else {
      ADD_FAILURE() << path << ":" << number << ": unknown directive " << directive;
    }
  }
  return cases;
}

TEST_P(SearchAppTest, RelevanceFixturesFindEveryExpectedDocumentInTheTopTen) {
  import_fixtures();
  auto index = open_index();
  ASSERT_TRUE(index);
  auto cases = read_cases(k_fixtures / "cases.txt");
  ASSERT_FALSE(cases.empty());
  int expected_total = 0;
  int found_total = 0;
  for (auto& relevance : cases) {
    relevance.query.limit = 10;
    auto results = app::search_findings(db(), *index, relevance.query);
    ASSERT_TRUE(results) << "line " << relevance.line << ": " << describe(results.error());
    auto in_top = [&](const ExpectedDocument& wanted) {
      return std::any_of(results->hits.begin(), results->hits.end(), [&](const search::Hit& hit) {
        return hit.document.municipality == wanted.municipality && hit.document.text == wanted.text;
      });
    };
    int found = 0;
    for (const auto& wanted : relevance.expected) {
      if (in_top(wanted)) {
        ++found;
      } else {
        ADD_FAILURE() << "cases.txt:" << relevance.line << " \"" << relevance.query.text << "\" misses "
                      << wanted.municipality << " | " << wanted.text;
      }
    }
    for (const auto& unwanted : relevance.absent) {
      EXPECT_FALSE(in_top(unwanted)) << "cases.txt:" << relevance.line << " \"" << relevance.query.text << "\" shows "
                                     << unwanted.municipality << " | " << unwanted.text;
    }
    expected_total += static_cast<int>(relevance.expected.size());
    found_total += found;
    double recall = relevance.expected.empty() ? 1.0 : static_cast<double>(found) / relevance.expected.size();
    std::cout << "[ recall@10] " << std::fixed << std::setprecision(2) << recall << "  " << relevance.query.text
              << (relevance.query.kind ? std::string(" (") + search::to_string(*relevance.query.kind) + ")" : "")
              << '\n';
  }
  std::cout << "[ recall@10] overall " << std::fixed << std::setprecision(3)
            << (expected_total ? static_cast<double>(found_total) / expected_total : 1.0) << " over " << cases.size()
            << " queries\n";
  EXPECT_EQ(found_total, expected_total);
}

INSTANTIATE_TEST_SUITE_P(Backends, SearchAppTest, kompass::testing::all_backends(),
                         kompass::testing::backend_test_name);

} // namespace
