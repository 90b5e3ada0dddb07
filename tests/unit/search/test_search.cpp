#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "model/messages.hpp"
#include "search/search.hpp"
#include "unit/temporary_directory.hpp"

using namespace kompass;
using search::Document;
using search::DocumentKind;
using search::Query;

namespace {

using kompass::testing::TemporaryDirectory;

std::string describe(const model::Error& error) {
  return error.code + ": " + model::message(model::UiLanguage::en, error.code, error.args);
}

Document finding(std::string key, std::string evaluation, std::string text, DocumentKind kind = DocumentKind::strength,
                 int area = 1) {
  Document document;
  document.key = std::move(key);
  document.evaluation_id = std::move(evaluation);
  document.municipality = "Sundsvall";
  document.municipality_code = "2281";
  document.country = "SE";
  document.year = 2012;
  document.edition = "kommunkompassen-2010";
  document.status = model::Status::published;
  document.language = "sv";
  document.area = area;
  document.sub_area = std::to_string(area) + ".1";
  document.kind = kind;
  document.text = std::move(text);
  document.population = 96'000;
  return document;
}

class SearchTest : public ::testing::Test {
protected:
  void SetUp() override { open(); }

  std::string path() const { return (m_directory.path() / "index").string(); }

  void open() {
    m_index.reset();
    auto opened = search::open_index(path());
    ASSERT_TRUE(opened) << describe(opened.error());
    m_created = opened->created;
    m_index = std::move(opened->index);
  }

  void add(const std::vector<Document>& documents) {
    ASSERT_TRUE(m_index->rebuild(documents));
    ASSERT_TRUE(m_index->set_applied_change(1));
  }

  search::Results find(Query query) {
    query.visibility.unpublished = true;
    auto results = m_index->search(query);
    EXPECT_TRUE(results) << describe(results.error());
    return results ? *results : search::Results{};
  }

  search::Results find(const std::string& text) {
    Query query;
    query.text = text;
    return find(query);
  }

  static std::vector<std::string> keys(const search::Results& results) {
    std::vector<std::string> found;
    for (const auto& hit : results.hits) {
      found.push_back(hit.document.key);
    }
    return found;
  }

  TemporaryDirectory m_directory;
  std::unique_ptr<search::Index> m_index;
  bool m_created = false;
};

TEST_F(SearchTest, NewIndexIsCreatedEmpty) {
  EXPECT_TRUE(m_created);
  EXPECT_EQ(m_index->size(), 0);
  EXPECT_EQ(m_index->applied_change(), 0);
  EXPECT_TRUE(find("kommun").hits.empty());
}

TEST_F(SearchTest, SwedishStemmingFindsOtherForms) {
  add({finding("f:1", "a-2012", "Ingen tydlig strategi för demokratiarbete och medborgardialog"),
       finding("f:2", "a-2012", "Resultat jämförs med andra kommuner"),
       finding("f:3", "a-2012", "Webben ger ingen möjlighet att jämföra enheter")});
  EXPECT_EQ(keys(find("medborgardialogen")), std::vector<std::string>{"f:1"});
  EXPECT_EQ(keys(find("Medborgardialogen")), std::vector<std::string>{"f:1"}) << "a capital letter still stems";
  EXPECT_EQ(keys(find("kommunernas")), std::vector<std::string>{"f:2"});
}

TEST_F(SearchTest, NorwegianDocumentsUseTheNorwegianStemmer) {
  auto document = finding("f:1", "b-2020", "Kommunen har gode rutiner for innbyggerdialog");
  document.language = "nb";
  add({document});
  Query query;
  query.text = "innbyggerdialogen";
  query.language = "nb";
  EXPECT_EQ(keys(find(query)), std::vector<std::string>{"f:1"});
}

TEST_F(SearchTest, PhraseMatchesOnlyTheWordsInOrder) {
  add({finding("f:1", "a-2012", "Allmänhetens frågestund i fullmäktige och öppna nämndsmöten"),
       finding("f:2", "a-2012", "Nämndsmöten är inte öppna för allmänheten")});
  EXPECT_EQ(keys(find("\"öppna nämndsmöten\"")), std::vector<std::string>{"f:1"});
  auto both = keys(find("öppna nämndsmöten"));
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (std::vector<std::string>{"f:1", "f:2"})) << "without quotes any of the words matches";
}

TEST_F(SearchTest, PhraseDoesNotSpanTheFindingAndItsExamples) {
  auto document = finding("f:1", "a-2012", "Bygga ut den gemensamma e-postingången till ett kontaktcenter");
  document.examples = {"Nacka"};
  document.example_reasons = {"har kundcenter"};
  add({document});
  EXPECT_TRUE(find("\"kontaktcenter nacka\"").hits.empty());
  EXPECT_EQ(keys(find("kundcenter")), std::vector<std::string>{"f:1"}) << "an example's reason is searchable";
  EXPECT_EQ(keys(find("nacka")), std::vector<std::string>{"f:1"}) << "an example's name is searchable";
}

TEST_F(SearchTest, PrefixQueryExpandsToEveryWordStartingSo) {
  add({finding("f:1", "a-2012", "Nacka har ett kundcenter för alla kanaler"),
       finding("f:2", "a-2012", "Kundtjänsten svarar snabbt"), finding("f:3", "a-2012", "Kunskapsstyrning saknas")});
  auto found = keys(find("kund*"));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"f:1", "f:2"}));
}

TEST_F(SearchTest, BooleanOperatorsAndLoveHate) {
  add({finding("f:1", "a-2012", "Medborgardialog i budgetprocessen"),
       finding("f:2", "a-2012", "Medborgardialog på webben")});
  EXPECT_EQ(keys(find("medborgardialog AND webben")), std::vector<std::string>{"f:2"});
  EXPECT_EQ(keys(find("medborgardialog NOT webben")), std::vector<std::string>{"f:1"});
  EXPECT_EQ(keys(find("medborgardialog -webben")), std::vector<std::string>{"f:1"});
}

TEST_F(SearchTest, AllWordsRankAboveSomeWords) {
  add({finding("f:1", "a-2012", "Tydlig ekonomisk uppföljning under budgetåret"),
       finding("f:2", "a-2012", "Medborgardialog i budget och planering"),
       finding("f:3", "a-2012", "Dialogforum och medborgardialog på webben")});
  auto found = keys(find("medborgardialog budget"));
  ASSERT_EQ(found.size(), 2u) << "OR: a finding with either word matches";
  EXPECT_EQ(found.front(), "f:2");
}

TEST_F(SearchTest, OnlyStopWordsStillSearch) {
  add({finding("f:1", "a-2012", "Samverkan och dialog")});
  EXPECT_EQ(keys(find("och")), std::vector<std::string>{"f:1"});
}

TEST_F(SearchTest, FiltersNarrowByEachFacetValue) {
  auto weak = finding("f:2", "b-2016", "Ingen strategi för medborgardialog", DocumentKind::weakness, 3);
  weak.year = 2016;
  weak.country = "NO";
  weak.edition = "kommunekompasset-2016";
  weak.population = 5'000;
  add({finding("f:1", "a-2012", "Medborgardialog i budgetprocessen"), weak});
  auto only = [&](auto set) {
    Query query;
    query.text = "medborgardialog";
    set(query);
    return keys(find(query));
  };
  const std::vector<std::string> first{"f:1"};
  const std::vector<std::string> second{"f:2"};
  EXPECT_EQ(only([](Query& q) { q.kind = DocumentKind::weakness; }), second);
  EXPECT_EQ(only([](Query& q) { q.area = 1; }), first);
  EXPECT_EQ(only([](Query& q) { q.sub_area = "3.1"; }), second);
  EXPECT_EQ(only([](Query& q) { q.year = 2012; }), first);
  EXPECT_EQ(only([](Query& q) { q.country = "NO"; }), second);
  EXPECT_EQ(only([](Query& q) { q.edition = "kommunkompassen-2010"; }), first);
  EXPECT_EQ(only([](Query& q) { q.population_band = "<10000"; }), second);
  EXPECT_EQ(only([](Query& q) { q.exclude_evaluations = {"a-2012"}; }), second);
  EXPECT_TRUE(only([](Query& q) { q.area = 8; }).empty());
}

TEST_F(SearchTest, EmptyTextListsEverythingMatchingTheFilters) {
  add({finding("f:1", "a-2012", "Ett", DocumentKind::strength), finding("f:2", "a-2012", "Två", DocumentKind::weakness),
       finding("f:3", "a-2012", "Tre", DocumentKind::weakness)});
  Query query;
  query.kind = DocumentKind::weakness;
  EXPECT_EQ(find(query).hits.size(), 2u);
  EXPECT_EQ(find("").hits.size(), 3u);
}

TEST_F(SearchTest, FacetsCountEveryMatchByValue) {
  auto other = finding("f:3", "b-2016", "Medborgardialog saknas", DocumentKind::weakness, 2);
  other.year = 2016;
  other.population = 250'000;
  add({finding("f:1", "a-2012", "Medborgardialog i budgetprocessen"),
       finding("f:2", "a-2012", "Medborgardialog på webben", DocumentKind::strength, 2), other,
       finding("f:4", "a-2012", "Inget om dialog", DocumentKind::weakness)});
  auto results = find("medborgardialog");
  EXPECT_EQ(results.estimated_total, 3);
  using Counts = std::vector<std::pair<std::string, long>>;
  EXPECT_EQ(results.facets["kind"], (Counts{{"strength", 2}, {"weakness", 1}}));
  EXPECT_EQ(results.facets["area"], (Counts{{"2", 2}, {"1", 1}}));
  EXPECT_EQ(results.facets["year"], (Counts{{"2012", 2}, {"2016", 1}}));
  EXPECT_EQ(results.facets["country"], (Counts{{"SE", 3}}));
  EXPECT_EQ(results.facets["population_band"], (Counts{{"50000-99999", 2}, {">=200000", 1}}));
  EXPECT_EQ(results.facets["sub_area"].size(), 2u);
  EXPECT_EQ(results.facets["edition"], (Counts{{"kommunkompassen-2010", 3}}));

  Query without;
  without.text = "medborgardialog";
  without.facets = false;
  EXPECT_TRUE(find(without).facets.empty());
}

TEST_F(SearchTest, UnpublishedEvaluationsAreFoundOnlyByThoseAllowedToSeeThem) {
  auto draft = finding("f:2", "draft-2025", "Medborgardialog planeras");
  draft.status = model::Status::draft;
  auto final_one = finding("f:3", "final-2024", "Medborgardialog i alla nämnder");
  final_one.status = model::Status::final;
  add({finding("f:1", "a-2012", "Medborgardialog i budgetprocessen"), draft, final_one});
  Query query;
  query.text = "medborgardialog";
  auto public_view = m_index->search(query);
  ASSERT_TRUE(public_view);
  auto found = keys(*public_view);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"f:1"})) << "the public sees published evaluations only";
  EXPECT_EQ(public_view->facets["kind"], (std::vector<std::pair<std::string, long>>{{"strength", 1}}))
      << "facets do not count hidden evaluations either";

  query.visibility.unpublished_evaluations = {"draft-2025"};
  EXPECT_EQ(m_index->search(query)->hits.size(), 2u);
  query.visibility.unpublished_evaluations = {"draft-2025", "final-2024"};
  EXPECT_EQ(m_index->search(query)->hits.size(), 3u);
  query.visibility.unpublished_evaluations = {"other-2025"};
  EXPECT_EQ(m_index->search(query)->hits.size(), 1u);
  query.visibility = {true, {}};
  EXPECT_EQ(m_index->search(query)->hits.size(), 3u);
}

TEST_F(SearchTest, SnippetMarksMatchesAndEscapesTheRest) {
  add({finding("f:1", "a-2012", "Rutiner för <mutor> & jäv saknas; medborgardialogen är svag")});
  auto results = find("medborgardialog");
  ASSERT_EQ(results.hits.size(), 1u);
  const auto& snippet = results.hits[0].snippet;
  EXPECT_NE(snippet.find("<mark>medborgardialogen</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;mutor&gt; &amp; jäv"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mutor>"), std::string::npos) << snippet;
  EXPECT_GT(results.hits[0].percent, 0);
}

TEST_F(SearchTest, SnippetShowsAMatchInAGoodExampleReason) {
  auto document = finding("f:1", "a-2012", "Bygga ut den gemensamma e-postingången till ett kontaktcenter");
  document.examples = {"Nacka", "Öckerö"};
  document.example_reasons = {"har kundcenter", "har kundcenter"};
  add({document});
  auto results = find("kundcenter");
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_NE(results.hits[0].snippet.find("Nacka: har <mark>kundcenter</mark>"), std::string::npos)
      << results.hits[0].snippet;
}

TEST_F(SearchTest, SnippetMarksAPhraseAsAWholeAndPrefixMatches) {
  add({finding("f:1", "a-2012", "Allmänhetens frågestund i fullmäktige och öppna nämndsmöten varje månad")});
  auto phrase = find("\"öppna nämndsmöten\"");
  ASSERT_EQ(phrase.hits.size(), 1u);
  EXPECT_EQ(phrase.hits[0].snippet,
            "Allmänhetens frågestund i fullmäktige och <mark>öppna nämndsmöten</mark> varje månad");
  auto prefix = find("nämnds* frågestunden");
  ASSERT_EQ(prefix.hits.size(), 1u);
  EXPECT_EQ(prefix.hits[0].snippet,
            "Allmänhetens <mark>frågestund</mark> i fullmäktige och öppna <mark>nämndsmöten</mark> varje månad");
}

TEST_F(SearchTest, LongTextSnippetIsCutAroundTheMatches) {
  std::string filler;
  for (int i = 0; i < 40; ++i) {
    filler += "arbete ";
  }
  add({finding("f:1", "a-2012", filler + "med en visselblåsarfunktion för larm " + filler)});
  auto results = find("visselblåsarfunktionen");
  ASSERT_EQ(results.hits.size(), 1u);
  const auto& snippet = results.hits[0].snippet;
  EXPECT_EQ(snippet.rfind("…", 0), 0u) << snippet;
  EXPECT_NE(snippet.find("<mark>visselblåsarfunktion</mark>"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - std::string("…").size()), "…") << snippet;
  EXPECT_LE(snippet.size(), 200u + std::string("<mark></mark>……").size()) << snippet;
}

TEST_F(SearchTest, OwnTextRanksAboveTheSameWordInAGoodExampleReason) {
  auto named = finding("f:1", "a-2012", "Bygga ut den gemensamma e-postingången till ett kontaktcenter");
  named.examples = {"Nacka"};
  named.example_reasons = {"har kundcenter"};
  named.area_points = 90;
  auto own = finding("f:2", "b-2012", "Kundcenter som svarar på alla frågor samma dag");
  own.area_points = 40;
  add({named, own});
  EXPECT_EQ(keys(find("kundcenter")), (std::vector<std::string>{"f:2", "f:1"}));
}

TEST_F(SearchTest, EqualRelevanceIsOrderedByAreaPoints) {
  std::vector<Document> documents;
  for (int i = 0; i < 5; ++i) {
    auto document = finding("f:" + std::to_string(i), "e" + std::to_string(i), "Kundcenter för alla kanaler");
    document.area_points = 40 + (i * 37) % 50;
    documents.push_back(document);
  }
  documents[2].area_points.reset();
  add(documents);
  auto results = find("kundcenter");
  ASSERT_EQ(results.hits.size(), 5u);
  std::vector<std::optional<int>> points;
  for (const auto& hit : results.hits) {
    points.push_back(hit.document.area_points);
  }
  EXPECT_EQ(points, (std::vector<std::optional<int>>{88, 77, 51, 40, std::nullopt}));
}

TEST_F(SearchTest, HitCarriesTheWholeDocument) {
  auto document = finding("f:7", "a-2012", "Ingen visselblåsarfunktion", DocumentKind::weakness, 1);
  document.sub_area = "1.5";
  document.examples = {"Göteborg"};
  document.example_reasons = {"har en visselblåsarfunktion"};
  document.area_points = 44;
  add({document});
  auto results = find("visselblåsarfunktion");
  ASSERT_EQ(results.hits.size(), 1u);
  const auto& hit = results.hits[0].document;
  EXPECT_EQ(hit.key, "f:7");
  EXPECT_EQ(hit.evaluation_id, "a-2012");
  EXPECT_EQ(hit.municipality, "Sundsvall");
  EXPECT_EQ(hit.municipality_code, "2281");
  EXPECT_EQ(hit.status, model::Status::published);
  EXPECT_EQ(hit.kind, DocumentKind::weakness);
  EXPECT_EQ(hit.sub_area, "1.5");
  EXPECT_EQ(hit.examples, std::vector<std::string>{"Göteborg"});
  EXPECT_EQ(hit.example_reasons, std::vector<std::string>{"har en visselblåsarfunktion"});
  EXPECT_EQ(hit.area_points, 44);
  EXPECT_EQ(hit.population, 96'000);
}

TEST_F(SearchTest, PagesWithOffsetAndLimit) {
  std::vector<Document> documents;
  for (int i = 0; i < 25; ++i) {
    auto document = finding("f:" + std::to_string(i), "e-2012", "Dialog nummer " + std::to_string(i));
    document.area_points = i;
    documents.push_back(document);
  }
  add(documents);
  Query query;
  query.text = "dialog";
  query.limit = 10;
  query.offset = 20;
  auto results = find(query);
  EXPECT_EQ(results.hits.size(), 5u);
  EXPECT_EQ(results.estimated_total, 25);
}

TEST_F(SearchTest, ReplaceEvaluationSwapsItsDocumentsOnly) {
  add({finding("f:1", "a-2012", "Medborgardialog"), finding("f:2", "a-2012", "Kundcenter"),
       finding("f:3", "b-2012", "Medborgardialog")});
  ASSERT_TRUE(m_index->replace_evaluation("a-2012", {finding("f:4", "a-2012", "Visselblåsare")}));
  EXPECT_EQ(keys(find("medborgardialog")), std::vector<std::string>{"f:3"});
  EXPECT_EQ(keys(find("visselblåsare")), std::vector<std::string>{"f:4"});
  ASSERT_TRUE(m_index->replace_evaluation("b-2012", {}));
  EXPECT_TRUE(find("medborgardialog").hits.empty());
  EXPECT_EQ(m_index->size(), 1);
}

// The first search reads visibility, area points and facet values into memory; later changes must reach it.
TEST_F(SearchTest, ChangesAfterASearchReachVisibilityFacetsAndOrder) {
  auto first = finding("f:1", "a-2012", "Kundcenter för alla kanaler");
  first.area_points = 50;
  add({first});
  Query query;
  query.text = "kundcenter";
  ASSERT_EQ(m_index->search(query)->hits.size(), 1u);

  auto draft = finding("f:2", "b-2025", "Kundcenter för alla kanaler");
  draft.status = model::Status::draft;
  ASSERT_TRUE(m_index->replace_evaluation("b-2025", {draft}));
  auto better = finding("f:3", "c-2013", "Kundcenter för alla kanaler", DocumentKind::weakness);
  better.area_points = 80;
  ASSERT_TRUE(m_index->replace_evaluation("c-2013", {better}));

  auto public_view = m_index->search(query);
  ASSERT_TRUE(public_view);
  EXPECT_EQ(keys(*public_view), (std::vector<std::string>{"f:3", "f:1"})) << "the draft is hidden, 80 before 50";
  EXPECT_EQ(public_view->facets["kind"], (std::vector<std::pair<std::string, long>>{{"strength", 1}, {"weakness", 1}}));

  draft.status = model::Status::published;
  draft.area_points = 99;
  ASSERT_TRUE(m_index->replace_evaluation("b-2025", {draft}));
  ASSERT_TRUE(m_index->replace_evaluation("c-2013", {}));
  EXPECT_EQ(keys(*m_index->search(query)), (std::vector<std::string>{"f:2", "f:1"}));
}

TEST_F(SearchTest, AppliedChangeIsKeptWithTheDocuments) {
  add({finding("f:1", "a-2012", "Medborgardialog")});
  ASSERT_TRUE(m_index->replace_evaluation("b-2012", {finding("f:2", "b-2012", "Kundcenter")}));
  ASSERT_TRUE(m_index->set_applied_change(42));
  open();
  EXPECT_FALSE(m_created);
  EXPECT_EQ(m_index->applied_change(), 42);
  EXPECT_EQ(m_index->size(), 2);
}

TEST_F(SearchTest, StoreIdentityIsKeptWithTheAppliedChange) {
  add({finding("f:1", "a-2012", "Medborgardialog")});
  EXPECT_EQ(m_index->store_identity(), "");
  ASSERT_TRUE(m_index->set_store_identity("store-1"));
  ASSERT_TRUE(m_index->set_applied_change(7));
  open();
  EXPECT_EQ(m_index->store_identity(), "store-1");
  ASSERT_TRUE(m_index->rebuild({}));
  EXPECT_EQ(m_index->store_identity(), "") << "a rebuild starts afresh";
}

TEST_F(SearchTest, RebuildWithoutAppliedChangeCountsAsUnfinished) {
  ASSERT_TRUE(m_index->rebuild({finding("f:1", "a-2012", "Medborgardialog")}));
  open();
  EXPECT_TRUE(m_created) << "a rebuild whose change was never recorded must be redone";
}

TEST_F(SearchTest, RebuildFromTakesBatches) {
  auto rebuilt = m_index->rebuild_from([](const search::Index::DocumentSink& sink) -> model::Result<void> {
    for (int batch = 0; batch < 3; ++batch) {
      std::vector<Document> documents;
      for (int i = 0; i < 10; ++i) {
        documents.push_back(finding("f:" + std::to_string(batch * 10 + i), "a-2012", "Dialog"));
      }
      if (auto added = sink(documents); !added) {
        return added;
      }
    }
    return {};
  });
  ASSERT_TRUE(rebuilt);
  EXPECT_EQ(m_index->size(), 30);
  EXPECT_EQ(m_index->applied_change(), 0);
}

TEST_F(SearchTest, ProducerFailureIsReturned) {
  auto rebuilt = m_index->rebuild_from([](const search::Index::DocumentSink&) -> model::Result<void> {
    return model::fail(model::ErrorKind::internal, "store_failed", {{"reason", "test"}});
  });
  ASSERT_FALSE(rebuilt);
  EXPECT_EQ(rebuilt.error().code, "store_failed");
}

TEST_F(SearchTest, FailedRebuildLeavesThePreviousIndex) {
  add({finding("f:1", "a-2012", "Medborgardialog")});
  auto rebuilt = m_index->rebuild_from([](const search::Index::DocumentSink& sink) -> model::Result<void> {
    if (auto added = sink({finding("f:2", "a-2012", "Kundcenter")}); !added) {
      return added;
    }
    return model::fail(model::ErrorKind::internal, "store_failed", {{"reason", "test"}});
  });
  ASSERT_FALSE(rebuilt);
  EXPECT_EQ(keys(find("medborgardialog")), std::vector<std::string>{"f:1"});
  EXPECT_TRUE(find("kundcenter").hits.empty());
  EXPECT_EQ(m_index->applied_change(), 1);
  open();
  EXPECT_FALSE(m_created);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(path()), std::filesystem::directory_iterator()), 1)
      << "the half-built parts are gone";
}

// An index of the layout before one merged database (two shard folders) is rebuilt, and its folders go.
TEST_F(SearchTest, IndexOfAnOlderLayoutIsRebuilt) {
  add({finding("f:1", "a-2012", "Medborgardialog")});
  m_index.reset();
  const std::filesystem::path folder(path());
  std::filesystem::rename(folder / "main", folder / "shard-0");
  open();
  EXPECT_TRUE(m_created);
  EXPECT_EQ(m_index->size(), 0);
  EXPECT_FALSE(std::filesystem::exists(folder / "shard-0"));
}

// Garbage where the index should be: recreated empty, never an error.
TEST_F(SearchTest, CorruptIndexFolderIsRecreated) {
  add({finding("f:1", "a-2012", "Medborgardialog")});
  m_index.reset();
  int damaged = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path())) {
    if (entry.is_regular_file()) {
      std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << "this is not a Xapian table\n";
      ++damaged;
    }
  }
  ASSERT_GT(damaged, 0);
  open();
  EXPECT_TRUE(m_created);
  EXPECT_EQ(m_index->size(), 0);
  add({finding("f:2", "a-2012", "Kundcenter")});
  EXPECT_EQ(keys(find("kundcenter")), std::vector<std::string>{"f:2"});
}

TEST_F(SearchTest, FolderOfUnrelatedFilesIsRecreated) {
  m_index.reset();
  std::filesystem::remove_all(path());
  std::filesystem::create_directories(std::filesystem::path(path()) / "main");
  std::ofstream(std::filesystem::path(path()) / "main" / "iamglass") << "garbage";
  std::ofstream(std::filesystem::path(path()) / "main" / "postlist.glass") << "garbage";
  std::ofstream(std::filesystem::path(path()) / "unrelated.txt") << "garbage";
  open();
  EXPECT_TRUE(m_created);
  add({finding("f:1", "a-2012", "Medborgardialog")});
  EXPECT_EQ(m_index->size(), 1);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(path()) / "unrelated.txt"))
      << "files the index did not write are left alone";
}

TEST_F(SearchTest, FileInPlaceOfTheFolderIsReplaced) {
  m_index.reset();
  std::filesystem::remove_all(path());
  std::ofstream(path()) << "not a folder";
  open();
  EXPECT_TRUE(m_created);
  EXPECT_TRUE(std::filesystem::is_directory(path()));
}

TEST(PopulationBand, BoundariesAndUnknown) {
  EXPECT_EQ(search::population_band(std::nullopt), "");
  EXPECT_EQ(search::population_band(9'999), "<10000");
  EXPECT_EQ(search::population_band(10'000), "10000-24999");
  EXPECT_EQ(search::population_band(96'000), "50000-99999");
  EXPECT_EQ(search::population_band(199'999), "100000-199999");
  EXPECT_EQ(search::population_band(200'000), ">=200000");
  auto bands = search::population_bands();
  EXPECT_EQ(bands.size(), 6u);
  for (long population : {0L, 12'000L, 30'000L, 60'000L, 150'000L, 900'000L}) {
    EXPECT_NE(std::find(bands.begin(), bands.end(), search::population_band(population)), bands.end());
  }
}

TEST(DocumentKindNames, RoundTrip) {
  for (auto kind :
       {DocumentKind::strength, DocumentKind::improvement, DocumentKind::weakness, DocumentKind::rationale}) {
    EXPECT_EQ(search::parse_document_kind(search::to_string(kind)), kind);
  }
  EXPECT_FALSE(search::parse_document_kind("styrka"));
}

TEST(SearchMessages, ErrorsAreInTheCatalogue) {
  for (const char* code : {"search_index_failed", "search_index_corrupt", "search_index_locked", "bad_query"}) {
    for (auto language : {model::UiLanguage::sv, model::UiLanguage::en}) {
      EXPECT_TRUE(model::catalogue(language).contains(code)) << code;
    }
  }
}

} // namespace
