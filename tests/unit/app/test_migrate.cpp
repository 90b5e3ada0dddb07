#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/catalog.hpp"
#include "app/migrate.hpp"
#include "app/transfer.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"
#include "unit/temporary_directory.hpp"

namespace {

using namespace kompass;
using model::ErrorKind;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

TEST(MigrateCanonicalRow, NullDiffersFromEmptyText) {
  EXPECT_NE(app::canonical_row({std::nullopt}), app::canonical_row({std::string()}));
  EXPECT_EQ(app::canonical_row({std::nullopt, std::string("ab")}), "NS2:ab\n");
}

TEST(MigrateCanonicalRow, ValueBoundariesAreUnambiguous) {
  EXPECT_NE(app::canonical_row({std::string("ab"), std::string("c")}),
            app::canonical_row({std::string("a"), std::string("bc")}));
  EXPECT_NE(app::canonical_row({std::string("S1:a")}), app::canonical_row({std::string("S"), std::string("a")}));
  // Rows end with a newline, so the same values split into other rows read differently.
  EXPECT_NE(app::table_digest({{std::string("a"), std::string("b")}}),
            app::table_digest({{std::string("a")}, {std::string("b")}}));
}

TEST(MigrateTableDigest, IsTheSha256OfTheCanonicalRows) {
  EXPECT_EQ(app::table_digest({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // printf 'S1:1NS3:abc\n' | sha256sum
  EXPECT_EQ(app::table_digest({{std::string("1"), std::nullopt, std::string("abc")}}),
            "276f7ecd1e3be2d514ecea3a3cedb93b5798150a15c90877d7ccefdacbfdd237");
}

TEST(MigrateTableDigest, DependsOnRowOrder) {
  std::vector<store::TableRow> rows{{std::string("1")}, {std::string("2")}};
  auto reversed = rows;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_NE(app::table_digest(rows), app::table_digest(reversed));
}

TEST(MigrateCopyOrder, PutsReferencedTablesFirstAndTheChangeLogLast) {
  auto order =
      store::copy_order({"changes", "findings", "evaluations", "frameworks", "audit_log"},
                        {{"findings", "evaluations"}, {"evaluations", "frameworks"}, {"findings", "findings"}});
  EXPECT_EQ(order, (std::vector<std::string>{"audit_log", "frameworks", "evaluations", "findings", "changes"}));
}

class MigrateSqlite : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = store::open_store(source());
    ASSERT_TRUE(opened) << describe(opened.error());
    ASSERT_TRUE(app::ensure_initialised(**opened));
    auto imported = app::import_file(**opened, "sundsvall-2012.json", read_bytes(k_samples / "sundsvall-2012.json"));
    ASSERT_TRUE(imported) << describe(imported.error());
  }

  std::string source() const { return (m_directory.path() / "source.db").string(); }
  std::string target() const { return (m_directory.path() / "target.db").string(); }

  kompass::testing::TemporaryDirectory m_directory{"migrate"};
};

TEST_F(MigrateSqlite, CopiesEveryTableAndVerifiesIt) {
  auto report = app::migrate(source(), target(), store::Overwrite::refuse, app::MigrateMode::copy);
  ASSERT_TRUE(report) << describe(report.error());
  EXPECT_EQ(report->evaluations, 1);
  auto findings = std::find_if(report->tables.begin(), report->tables.end(),
                               [](const auto& table) { return table.name == "findings"; });
  ASSERT_NE(findings, report->tables.end());
  EXPECT_GT(findings->rows, 0);
  EXPECT_EQ(findings->digest.size(), 64U);
  EXPECT_EQ(report->tables.back().name, "changes");
  EXPECT_TRUE(std::none_of(report->tables.begin(), report->tables.end(),
                           [](const auto& table) { return table.name == "schema_migrations"; }));

  auto verified = app::migrate(source(), target(), store::Overwrite::refuse, app::MigrateMode::verify_only);
  ASSERT_TRUE(verified) << describe(verified.error());
  EXPECT_EQ(verified->tables.size(), report->tables.size());
}

TEST_F(MigrateSqlite, RefusesANonEmptyTargetUnlessTold) {
  ASSERT_TRUE(app::migrate(source(), target(), store::Overwrite::refuse, app::MigrateMode::copy));
  auto refused = app::migrate(source(), target(), store::Overwrite::refuse, app::MigrateMode::copy);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(refused.error().code, "migrate_target_not_empty");
  EXPECT_EQ(refused.error().args.at("count"), "1");
  auto replaced = app::migrate(source(), target(), store::Overwrite::replace, app::MigrateMode::copy);
  ASSERT_TRUE(replaced) << describe(replaced.error());
  EXPECT_EQ(replaced->evaluations, 1);
}

TEST_F(MigrateSqlite, VerifyNamesTheTableThatDiffers) {
  ASSERT_TRUE(app::migrate(source(), target(), store::Overwrite::refuse, app::MigrateMode::copy));
  {
    auto opened = store::open_store(target());
    ASSERT_TRUE(opened);
    ASSERT_TRUE((*opened)->begin(store::Access::write));
    ASSERT_TRUE((*opened)->set_sharing("sundsvall-2012", store::Sharing::shared));
    ASSERT_TRUE((*opened)->end(store::Outcome::commit));
  }
  auto verified = app::migrate(source(), target(), store::Overwrite::refuse, app::MigrateMode::verify_only);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, "migrate_mismatch");
  EXPECT_NE(verified.error().args.at("tables").find("evaluations"), std::string::npos);
  EXPECT_EQ(verified.error().args.at("tables").find("findings"), std::string::npos);
}

TEST_F(MigrateSqlite, RefusesAMissingSourceAndTheSameLocation) {
  auto missing = app::migrate(target(), source(), store::Overwrite::refuse, app::MigrateMode::copy);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "migrate_source_missing");
  auto same = app::migrate(source(), source(), store::Overwrite::replace, app::MigrateMode::copy);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, "migrate_same_location");
}

} // namespace
