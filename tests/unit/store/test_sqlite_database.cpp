#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <unistd.h>

#include "store/sql_store.hpp"
#include "store/sqlite/database.hpp"
#include "unit/temporary_directory.hpp"

// The SQLite connection wrapper (src/store/sqlite/database.hpp), in particular the reuse of prepared statements:
// a statement handed back to the connection must come back clean, and none may outlive its connection unsafely.

namespace {

using kompass::store::sqlite::Database;
using kompass::store::sqlite::Statement;

// A database file in a fresh directory, removed afterwards.
class DatabaseTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_directory = std::make_unique<kompass::testing::TemporaryDirectory>("database-test");
    auto opened = Database::open((m_directory->path() / "test.db").string());
    ASSERT_TRUE(opened) << opened.error().code;
    m_db.emplace(std::move(*opened));
    ASSERT_TRUE(m_db->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)"));
  }
  void TearDown() override {
    m_db.reset();
    m_directory.reset();
  }

  Database& db() { return *m_db; }

  // The single integer a query returns, or nullopt for NULL or no row.
  static std::optional<std::int64_t> single(Statement& statement) {
    auto row = statement.step();
    EXPECT_TRUE(row);
    if (!row || !*row) {
      return std::nullopt;
    }
    return statement.optional_integer(0);
  }

  std::unique_ptr<kompass::testing::TemporaryDirectory> m_directory;
  std::optional<Database> m_db;
};

TEST_F(DatabaseTest, AReusedStatementStartsWithoutBindingsOrRows) {
  {
    auto query = db().prepare("SELECT ?1");
    ASSERT_TRUE(query);
    query->bind(1, 5);
    EXPECT_EQ(single(*query), 5);
    // Dropped mid-result: the next user must not see this row or this binding.
  }
  auto again = db().prepare("SELECT ?1");
  ASSERT_TRUE(again);
  EXPECT_EQ(single(*again), std::nullopt);
}

TEST_F(DatabaseTest, TheSameSqlCanBeInUseTwiceAtOnce) {
  ASSERT_TRUE(db().execute("INSERT INTO t (value) VALUES ('a'), ('b'), ('c')"));
  auto outer = db().prepare("SELECT id FROM t ORDER BY id");
  ASSERT_TRUE(outer);
  int rows = 0;
  while (true) {
    auto row = outer->step();
    ASSERT_TRUE(row);
    if (!*row) {
      break;
    }
    ++rows;
    auto inner = db().prepare("SELECT id FROM t ORDER BY id");
    ASSERT_TRUE(inner);
    EXPECT_EQ(single(*inner), 1);
  }
  EXPECT_EQ(rows, 3);
}

TEST_F(DatabaseTest, AFailedBindIsNotCarriedToTheNextUser) {
  {
    auto query = db().prepare("SELECT ?1");
    ASSERT_TRUE(query);
    query->bind(7, 1); // no such parameter
    EXPECT_FALSE(query->step());
  }
  auto again = db().prepare("SELECT ?1");
  ASSERT_TRUE(again);
  again->bind(1, 3);
  EXPECT_EQ(single(*again), 3);
}

TEST_F(DatabaseTest, AStatementMayOutliveItsConnection) {
  auto query = db().prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(query);
  auto kept = std::make_unique<Statement>(std::move(*query));
  m_db.reset();
  // Finalized on its own now that the connection's cache is gone; AddressSanitizer checks the rest.
  kept.reset();
  SUCCEED();
}

TEST_F(DatabaseTest, AMovedConnectionKeepsItsStatements) {
  {
    auto insert = db().prepare("INSERT INTO t (value) VALUES (?1)");
    ASSERT_TRUE(insert);
    insert->bind(1, "x");
    ASSERT_TRUE(insert->run());
  }
  Database moved = std::move(*m_db);
  m_db.reset();
  auto count = moved.prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count);
  EXPECT_EQ(single(*count), 1);
  auto insert = moved.prepare("INSERT INTO t (value) VALUES (?1)");
  ASSERT_TRUE(insert);
  insert->bind(1, "y");
  EXPECT_TRUE(insert->run());
}

} // namespace

namespace {

// collect_rows (src/store/sql_store.hpp), the row loop every store read goes through.
TEST_F(DatabaseTest, CollectRowsKeepsTheRowsInOrder) {
  ASSERT_TRUE(db().execute("INSERT INTO t (value) VALUES ('a'), ('b'), ('c')"));
  auto query = db().prepare("SELECT value FROM t ORDER BY id");
  ASSERT_TRUE(query);
  auto values = kompass::store::collect_rows(*query, [&] { return query->text(0); });
  ASSERT_TRUE(values);
  EXPECT_EQ(*values, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(DatabaseTest, CollectRowsStopsAtTheFirstRowThatFails) {
  ASSERT_TRUE(db().execute("INSERT INTO t (value) VALUES ('a'), ('bad'), ('c')"));
  auto query = db().prepare("SELECT value FROM t ORDER BY id");
  ASSERT_TRUE(query);
  int made = 0;
  auto values = kompass::store::collect_rows(*query, [&]() -> kompass::model::Result<std::string> {
    ++made;
    if (query->text(0) == "bad") {
      return kompass::model::fail(kompass::model::ErrorKind::internal, "store_corrupt_value");
    }
    return query->text(0);
  });
  ASSERT_FALSE(values);
  EXPECT_EQ(values.error().code, "store_corrupt_value");
  EXPECT_EQ(made, 2) << "no row after the failing one is read";
}

} // namespace
