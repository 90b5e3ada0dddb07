#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/messages.hpp"
#include "store/migration_files.hpp"
#include "store/store.hpp"
#include "unit/store_backend.hpp"

// The SQLite migrations and their PostgreSQL pairs stay in step: the same files, and the same schema after them.

using namespace kompass;
using kompass::testing::Backend;
using kompass::testing::TemporaryLocation;

namespace {

TEST(MigrationPairs, EverySqliteMigrationHasAPostgresPairOfTheSameVersionAndName) {
  auto sqlite = store::embedded_migrations(store::k_sqlite_migrations).value();
  auto postgres = store::embedded_migrations(store::k_postgres_migrations).value();
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
    EXPECT_NE(sqlite[i].script, postgres[i].script) << sqlite[i].name << ": the pair is the same file";
  }
}

// Each column as "table.column" with " NOT NULL" when it may not hold NULL (a primary key column may not, in
// effect, on either backend), in table and column order.
std::vector<std::string> schema_of(Backend backend, const TemporaryLocation& location) {
  if (backend == Backend::sqlite) {
    return location.column("SELECT m.name || '.' || p.name || CASE WHEN p.\"notnull\" OR p.pk > 0 THEN ' NOT NULL' "
                           "ELSE '' END FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                           "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid");
  }
  return location.column("SELECT table_name || '.' || column_name || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' "
                         "ELSE '' END FROM information_schema.columns WHERE table_schema = current_schema() "
                         "ORDER BY table_name COLLATE \"C\", ordinal_position");
}

TEST(MigrationPairs, BothBackendsEndWithTheSameTablesAndColumns) {
  TemporaryLocation sqlite(Backend::sqlite, "pairs-test");
  TemporaryLocation postgres(Backend::postgres, "pairs-test");
  if (!postgres.skip_reason().empty()) {
    GTEST_SKIP() << postgres.skip_reason();
  }
  for (const auto* location : {&sqlite, &postgres}) {
    auto opened = store::open_store(location->location());
    ASSERT_TRUE(opened) << model::message(model::UiLanguage::en, opened.error().code, opened.error().args);
    auto applied = (*opened)->applied_migrations().value();
    EXPECT_EQ(applied.size(), store::embedded_migrations(store::k_sqlite_migrations).value().size());
  }
  auto sqlite_schema = schema_of(Backend::sqlite, sqlite);
  auto postgres_schema = schema_of(Backend::postgres, postgres);
  EXPECT_GT(sqlite_schema.size(), 100u); // every table of every migration, not an empty database
  EXPECT_EQ(sqlite_schema, postgres_schema);
}

} // namespace
