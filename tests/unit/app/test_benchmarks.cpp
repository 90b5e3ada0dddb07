#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "app/benchmarks.hpp"
#include "app/catalog.hpp"
#include "app/evaluations.hpp"
#include "app/municipalities.hpp"
#include "app/transfer.hpp"
#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

// Rankings of published results and trends per municipality (app/benchmarks.hpp) on the sample data.

namespace {

using namespace kompass;
using model::ErrorKind;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

class Benchmarks : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_temporary);
    for (const char* file : {"sundsvall-2012.json", "published-results.csv"}) {
      auto imported = app::import_file(db(), file, read_bytes(k_samples / file));
      ASSERT_TRUE(imported) << file << ": " << describe(imported.error());
    }
  }

  store::Store& db() { return m_temporary.db(); }

  app::Ranking rank_ok(const app::RankRequest& request) {
    auto result = app::rank(db(), request);
    EXPECT_TRUE(result) << (result ? "" : describe(result.error()));
    return result ? *result : app::Ranking{};
  }

  app::Trend trend_ok(const std::string& text) {
    auto ref = app::resolve_municipality(db(), text);
    EXPECT_TRUE(ref) << text << ": " << (ref ? "" : describe(ref.error()));
    if (!ref) {
      return {};
    }
    auto result = app::trend(db(), *ref);
    EXPECT_TRUE(result) << text << ": " << (result ? "" : describe(result.error()));
    return result ? *result : app::Trend{};
  }

  // Runs one statement on the store through a connection of its own, below the Store interface (which has no way
  // to delete an evaluation).
  void execute_sql(const std::string& sql) {
    auto run = [&](auto opened) {
      ASSERT_TRUE(opened) << describe(opened.error());
      auto executed = opened->execute(sql);
      ASSERT_TRUE(executed) << sql << ": " << describe(executed.error());
    };
    if (GetParam() == kompass::testing::Backend::sqlite) {
      run(store::sqlite::Database::open(m_temporary.location()));
    } else {
      run(store::postgres::Connection::open(m_temporary.location()));
    }
  }

  // Each published evaluation's points of the default edition as rank computed them before it read derived
  // points: every agreed score listed and aggregated against the evaluation's own edition version. Index 0 is the
  // total, 1..N the areas; an evaluation without the figure is absent.
  std::vector<std::map<std::string, int>> recomputed_points() {
    std::vector<std::map<std::string, int>> figures(9);
    auto done = store::in_transaction(
        db(),
        [&]() -> model::Result<void> {
          store::EvaluationFilter filter;
          filter.framework_id = app::k_default_rank_framework;
          filter.statuses = {model::Status::published};
          auto summaries = db().list_evaluations(filter);
          if (!summaries) {
            return tl::unexpected(summaries.error());
          }
          for (const auto& summary : *summaries) {
            auto framework = app::get_framework(db(), summary.framework_id, summary.framework_version);
            if (!framework) {
              return tl::unexpected(framework.error());
            }
            auto aggregate = scoring::aggregate(*framework, summary.granularity, summary.agreed_scores,
                                                summary.published_total, scoring::Detail::areas_and_total);
            if (aggregate.total.points) {
              figures[0][summary.id] = *aggregate.total.points;
            }
            for (std::size_t i = 0; i < aggregate.areas.size() && i + 1 < figures.size(); ++i) {
              if (aggregate.areas[i].points) {
                figures[i + 1][summary.id] = *aggregate.areas[i].points;
              }
            }
          }
          return {};
        },
        store::Access::read);
    EXPECT_TRUE(done) << (done ? "" : describe(done.error()));
    return figures;
  }

  // What rank gives for the total (0) and each area (1..8), as recomputed_points() holds them.
  std::vector<std::map<std::string, int>> ranked_points() {
    std::vector<std::map<std::string, int>> figures(9);
    for (int figure = 0; figure < 9; ++figure) {
      app::RankRequest request;
      if (figure > 0) {
        request.area = figure;
      }
      for (const auto& row : rank_ok(request).rows) {
        figures[static_cast<std::size_t>(figure)][row.evaluation_id] = row.points;
      }
    }
    return figures;
  }

  // Whether the derived points follow the latest change.
  bool points_current() {
    auto current = store::in_transaction(
        db(),
        [&]() -> model::Result<bool> {
          auto applied = db().points_applied_change();
          auto last = db().last_change();
          if (!applied || !last) {
            return tl::unexpected(applied ? last.error() : applied.error());
          }
          return *applied == *last;
        },
        store::Access::read);
    EXPECT_TRUE(current) << (current ? "" : describe(current.error()));
    return current && *current;
  }

  testing_support::TemporaryStore m_temporary;
};

struct Ranked {
  int rank;
  std::string id;
  int points;
  bool operator==(const Ranked&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Ranked& r) { return out << r.rank << ' ' << r.id << ' ' << r.points; }

std::vector<Ranked> ranked(const app::Ranking& ranking) {
  std::vector<Ranked> rows;
  for (const auto& row : ranking.rows) {
    rows.push_back({row.rank, row.evaluation_id, row.points});
  }
  return rows;
}

} // namespace

TEST_P(Benchmarks, RanksPublishedTotalsOfTheDefaultEdition) {
  auto ranking = rank_ok({});
  EXPECT_EQ(ranking.framework_id, "kommunkompassen-2010");
  EXPECT_EQ(ranking.published, 9); // Røros (NO) counts: kommunekompasset-2010 is the same edition
  EXPECT_EQ(ranked(ranking), (std::vector<Ranked>{{1, "orebro-2015", 650},
                                                  {2, "nacka-2011", 644},
                                                  {3, "orebro-2012", 615},
                                                  {4, "sundsvall-2012", 482},
                                                  {5, "karlskoga-2014", 450},
                                                  {6, "strangnas-2014", 437},
                                                  {7, "angelholm-2013", 426},
                                                  {8, "roros-2017", 396},
                                                  {9, "roros-2013", 254}}));
  const auto& d = ranking.distribution;
  EXPECT_EQ(d.count, 9);
  EXPECT_EQ(d.min, std::optional<double>(254));
  EXPECT_EQ(d.lower_quartile, std::optional<double>(426));
  EXPECT_EQ(d.median, std::optional<double>(450));
  EXPECT_EQ(d.upper_quartile, std::optional<double>(615));
  EXPECT_EQ(d.max, std::optional<double>(650));
  ASSERT_EQ(ranking.distributions.size(), 9u);
  EXPECT_EQ(ranking.distributions.back().distribution, d);
  EXPECT_EQ(ranking.distributions[0].distribution.count, 3); // area 1: Sundsvall, Örebro 2012, Strängnäs 2014
  EXPECT_EQ(ranking.distributions[1].distribution.count, 2);
}

TEST_P(Benchmarks, RanksOneAreaAndOneCountry) {
  app::RankRequest request;
  request.area = 1;
  auto ranking = rank_ok(request);
  EXPECT_EQ(ranking.area_title, "Offentlighet och demokrati");
  EXPECT_EQ(ranking.max, 100);
  EXPECT_EQ(ranked(ranking),
            (std::vector<Ranked>{{1, "orebro-2012", 68}, {2, "strangnas-2014", 54}, {3, "sundsvall-2012", 44}}));
  EXPECT_EQ(ranking.published, 9);
  EXPECT_EQ(ranking.distribution.median, std::optional<double>(54));

  request = {};
  request.country = "NO";
  request.framework = "kommunekompasset-2010";
  ranking = rank_ok(request);
  EXPECT_EQ(ranked(ranking), (std::vector<Ranked>{{1, "roros-2017", 396}, {2, "roros-2013", 254}}));
}

TEST_P(Benchmarks, TiesShareARankAndDraftsAreNotRanked) {
  // Two more published results: one equal to Nacka's 644, and a draft that is never ranked.
  for (const auto& [code, name, total, status] : std::vector<std::tuple<std::string, std::string, int, std::string>>{
           {"0180", "Stockholm", 644, "published"}, {"1480", "Göteborg", 700, "draft"}}) {
    std::string json = R"({"format": "kompass-evaluation/1", "municipality": {"code": ")" + code + R"(", "name": ")" +
                       name + R"("}, "year": 2016, "framework": {"id": "kommunkompassen-2010"}, "status": ")" + status +
                       R"(", "granularity": "total", "total": )" + std::to_string(total) + "}";
    auto imported = app::import_file(db(), name + ".json", json);
    ASSERT_TRUE(imported) << describe(imported.error());
  }
  auto ranking = rank_ok({});
  auto rows = ranked(ranking);
  ASSERT_GE(rows.size(), 4u);
  EXPECT_EQ(rows[0], (Ranked{1, "orebro-2015", 650}));
  EXPECT_EQ(rows[1], (Ranked{2, "nacka-2011", 644}));     // N before S
  EXPECT_EQ(rows[2], (Ranked{2, "stockholm-2016", 644})); // shares rank 2
  EXPECT_EQ(rows[3], (Ranked{4, "orebro-2012", 615}));    // nobody is third
  EXPECT_EQ(ranking.published, 10);
}

TEST_P(Benchmarks, RankRefusesUnknownEditionAreaAndCountry) {
  app::RankRequest request;
  request.framework = "kommunkompassen-1999";
  auto result = app::rank(db(), request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "unknown_framework");
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);

  request = {};
  request.area = 9;
  result = app::rank(db(), request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "rank_unknown_area");
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);

  request = {};
  request.country = "XX";
  result = app::rank(db(), request);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "unknown_country");
}

TEST_P(Benchmarks, SundsvallTrendMarksThePre2010EvaluationsAsAnInterval) {
  auto trend = trend_ok("2281");
  EXPECT_EQ(trend.municipality.name, "Sundsvall");
  ASSERT_EQ(trend.entries.size(), 3u);
  const auto& first = trend.entries[0];
  EXPECT_EQ(first.year, 2003);
  EXPECT_EQ(first.edition, "pre-2010");
  EXPECT_TRUE(first.evaluation_id.empty());
  EXPECT_EQ(first.total, std::nullopt);
  EXPECT_FALSE(first.change);

  const auto& second = trend.entries[1];
  EXPECT_EQ(second.year, 2006);
  ASSERT_TRUE(second.change);
  EXPECT_EQ(second.change->comparison.comparability, scoring::Comparability::comparable);
  EXPECT_EQ(second.change->difference, std::nullopt); // neither total is known

  const auto& stored = trend.entries[2];
  EXPECT_EQ(stored.evaluation_id, "sundsvall-2012");
  EXPECT_EQ(stored.edition, "kommunkompassen-2010");
  EXPECT_EQ(stored.total, std::optional<int>(482));
  EXPECT_EQ(stored.max, 800);
  EXPECT_EQ(stored.status, std::optional<model::Status>(model::Status::published));
  ASSERT_EQ(stored.areas.size(), 8u);
  EXPECT_EQ(stored.areas[0], std::optional<int>(44));
  EXPECT_EQ(stored.areas[7], std::optional<int>(80));
  ASSERT_TRUE(stored.change);
  EXPECT_EQ(stored.change->comparison.comparability, scoring::Comparability::interval);
  EXPECT_EQ(stored.change->comparison.low, std::optional<int>(562));
  EXPECT_EQ(stored.change->comparison.high, std::optional<int>(582));
}

TEST_P(Benchmarks, TrendAcrossEditionsAndByName) {
  auto roros = trend_ok("roros");
  ASSERT_EQ(roros.entries.size(), 3u);
  EXPECT_EQ(roros.municipality.ref, (model::MunicipalityRef{"NO", "5025"}));
  EXPECT_EQ(roros.entries[1].change->comparison.comparability, scoring::Comparability::comparable);
  EXPECT_EQ(roros.entries[1].change->difference, std::optional<int>(396 - 254));
  // 2020 edition after the 2010 one: no rule covers it.
  EXPECT_EQ(roros.entries[2].change->comparison.comparability, scoring::Comparability::not_comparable);
  EXPECT_EQ(roros.entries[2].change->difference, std::nullopt);

  auto strangnas = trend_ok("Strängnäs");
  ASSERT_EQ(strangnas.entries.size(), 2u);
  EXPECT_EQ(strangnas.entries[1].edition, "kommunkompassen-2016");
  EXPECT_EQ(strangnas.entries[1].change->comparison.comparability, scoring::Comparability::not_comparable);
  EXPECT_EQ(trend_ok("NO:5025").entries.size(), 3u);
}

TEST_P(Benchmarks, AnEarlierEvaluationListedTwiceOrStoredAppearsOnce) {
  // A second Sundsvall evaluation that lists the 2006 one and the stored 2012 one as earlier evaluations.
  std::string json = R"({"format": "kompass-evaluation/1", "id": "sundsvall-2016", "municipality": {"code": "2281",
    "name": "Sundsvall"}, "year": 2016, "framework": {"id": "kommunkompassen-2010"}, "status": "final",
    "granularity": "total", "total": 530,
    "earlier_evaluations": [{"year": 2006, "edition": "pre-2010"}, {"year": 2012, "edition": "kommunkompassen-2010"}]})";
  auto imported = app::import_file(db(), "sundsvall-2016.json", json);
  ASSERT_TRUE(imported) << describe(imported.error());
  auto trend = trend_ok("Sundsvall");
  std::vector<int> years;
  for (const auto& entry : trend.entries) {
    years.push_back(entry.year);
  }
  EXPECT_EQ(years, (std::vector<int>{2003, 2006, 2012, 2016}));
  ASSERT_TRUE(trend.entries[3].change);
  EXPECT_EQ(trend.entries[3].change->comparison.comparability, scoring::Comparability::comparable);
  EXPECT_EQ(trend.entries[3].change->difference, std::optional<int>(530 - 482));
}

TEST_P(Benchmarks, UnknownMunicipalityIsNotFound) {
  auto ref = app::resolve_municipality(db(), "9999");
  ASSERT_FALSE(ref);
  EXPECT_EQ(ref.error().code, "unknown_municipality");
  ref = app::resolve_municipality(db(), "Atlantis");
  ASSERT_FALSE(ref);
  EXPECT_EQ(ref.error().code, "unknown_municipality_name");
  EXPECT_EQ(ref.error().kind, ErrorKind::not_found);
  auto trend = app::trend(db(), {"SE", "9999"});
  ASSERT_FALSE(trend);
  EXPECT_EQ(trend.error().code, "unknown_municipality");
}

TEST_P(Benchmarks, AmbiguousNameListsTheCandidates) {
  model::Municipality twin;
  twin.ref = {"NO", "1234"};
  twin.name = "Sundsvall";
  ASSERT_TRUE(app::add_municipality(db(), twin));
  auto ref = app::resolve_municipality(db(), "sundsvall");
  ASSERT_FALSE(ref);
  EXPECT_EQ(ref.error().code, "municipality_name_ambiguous");
  EXPECT_NE(ref.error().args.at("candidates").find("NO:1234"), std::string::npos);
}

TEST_P(Benchmarks, RankingFromStoredPointsEqualsAggregatingEveryScore) {
  EXPECT_FALSE(points_current()); // nothing is derived before the first ranking
  auto expected = recomputed_points();
  ASSERT_EQ(expected[0].size(), 9u);
  EXPECT_EQ(ranked_points(), expected);
  EXPECT_TRUE(points_current());
}

TEST_P(Benchmarks, RankFollowsAChangedScoreAPublicationAndADeletion) {
  auto before = rank_ok({});
  ASSERT_EQ(before.rows.size(), 9u);

  // Sundsvall 2012 is scored by area (its published total of 482 stays its total): area 1 from 44 to 50.
  ASSERT_TRUE(db().put_score("sundsvall-2012", {model::ScoreTarget::area, "1", "", 50, "", {}}));
  EXPECT_FALSE(points_current());
  auto refreshed = app::refresh_points(db());
  ASSERT_TRUE(refreshed) << describe(refreshed.error());
  EXPECT_EQ(refreshed->evaluations, 1); // only the changed evaluation is aggregated again
  EXPECT_FALSE(refreshed->recomputed_all);
  EXPECT_TRUE(points_current());
  app::RankRequest area;
  area.area = 1;
  EXPECT_EQ(ranked(rank_ok(area)),
            (std::vector<Ranked>{{1, "orebro-2012", 68}, {2, "strangnas-2014", 54}, {3, "sundsvall-2012", 50}}));

  // Without an explicit refresh: rank catches up by itself.
  ASSERT_TRUE(db().put_score("sundsvall-2012", {model::ScoreTarget::area, "1", "", 100, "", {}}));
  EXPECT_EQ(ranked(rank_ok(area)).front(), (Ranked{1, "sundsvall-2012", 100}));
  EXPECT_EQ(ranked_points(), recomputed_points());

  // A draft is not ranked until it is published.
  std::string json = R"({"format": "kompass-evaluation/1", "municipality": {"code": "0180", "name": "Stockholm"},)"
                     R"( "year": 2016, "framework": {"id": "kommunkompassen-2010"}, "status": "draft",)"
                     R"( "granularity": "total", "total": 700})";
  ASSERT_TRUE(app::import_file(db(), "stockholm.json", json));
  EXPECT_EQ(rank_ok({}).published, 9);
  ASSERT_TRUE(db().set_status("stockholm-2016", model::Status::published));
  auto ranking = rank_ok({});
  EXPECT_EQ(ranking.published, 10);
  EXPECT_EQ(ranked(ranking).front(), (Ranked{1, "stockholm-2016", 700}));

  // A deleted evaluation leaves the ranking (written below the Store interface, as only the change log tells).
  execute_sql("DELETE FROM evaluations WHERE id = 'orebro-2015'");
  ranking = rank_ok({});
  EXPECT_EQ(ranking.published, 9);
  for (const auto& row : ranking.rows) {
    EXPECT_NE(row.evaluation_id, "orebro-2015");
  }
  EXPECT_EQ(ranked_points(), recomputed_points());
}

TEST_P(Benchmarks, StoredPointsKeepUnscoredAreas) {
  auto stored = store::in_transaction(db(), [&]() -> model::Result<std::vector<store::RankingEntry>> {
    if (auto put = db().put_points(
            {{"sundsvall-2012", std::nullopt, {12, std::nullopt, 30}}, {"nacka-2011", 644, {std::nullopt}}});
        !put) {
      return tl::unexpected(put.error());
    }
    store::EvaluationFilter filter;
    filter.statuses = {model::Status::published};
    return db().list_ranking_entries(filter);
  });
  ASSERT_TRUE(stored) << describe(stored.error());
  std::map<std::string, std::optional<store::EvaluationPoints>> points;
  for (const auto& entry : *stored) {
    points[entry.evaluation_id] = entry.points;
  }
  EXPECT_EQ(points.at("sundsvall-2012"),
            (store::EvaluationPoints{"sundsvall-2012", std::nullopt, {12, std::nullopt, 30}}));
  EXPECT_EQ(points.at("nacka-2011"), (store::EvaluationPoints{"nacka-2011", 644, {std::nullopt}}));
  EXPECT_EQ(points.at("orebro-2015"), std::nullopt); // not derived yet
}

INSTANTIATE_TEST_SUITE_P(Backends, Benchmarks, kompass::testing::all_backends(), kompass::testing::backend_test_name);
