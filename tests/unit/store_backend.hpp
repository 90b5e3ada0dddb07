#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "model/messages.hpp"
#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"
#include "unit/temporary_directory.hpp"

// The backends the store and use-case tests run on: SQLite always, PostgreSQL when KOMPASS_TEST_POSTGRES names a
// server (scripts/with-postgres starts one for `make test`), and reported as skipped otherwise.
namespace kompass::testing {

// A store backend a test runs on.
enum class Backend { sqlite, postgres };

// Prints a backend as gtest names it in test names and value_param(): "SQLite" or "PostgreSQL".
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::sqlite ? "SQLite" : "PostgreSQL");
}

// The backends to instantiate a parameterized test suite with.
inline auto all_backends() { return ::testing::Values(Backend::sqlite, Backend::postgres); }

// The suffix gtest gives a test on `info.param`: "SQLite" or "PostgreSQL".
inline std::string backend_test_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
}

// A PostgreSQL URL from which tests may create databases (KOMPASS_TEST_POSTGRES), or empty.
inline std::string postgres_server() {
  const char* url = std::getenv("KOMPASS_TEST_POSTGRES");
  return url != nullptr ? url : "";
}

// Why a test on PostgreSQL is skipped when KOMPASS_TEST_POSTGRES is not set.
inline constexpr const char* k_postgres_skipped =
    "PostgreSQL: KOMPASS_TEST_POSTGRES is not set, so this test did not run on PostgreSQL (scripts/with-postgres "
    "sets it, as `make test` does)";

// A test suite run once per backend (instantiate it with all_backends()), skipped on PostgreSQL without a server.
class BackendTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() == Backend::postgres && postgres_server().empty()) {
      GTEST_SKIP() << k_postgres_skipped;
    }
  }
};

// A fresh, empty store location for one test, removed with everything in it when the object goes away: an SQLite
// file in a temporary directory, or a new database on the server of KOMPASS_TEST_POSTGRES (CREATE DATABASE with a
// name unique to the process, DROP DATABASE after). Without that variable a PostgreSQL location is empty and
// skip_reason() says why; a server that is named but refuses fails the test.
class TemporaryLocation {
public:
  explicit TemporaryLocation(Backend backend, const std::string& purpose = "test") : m_backend(backend) {
    if (backend == Backend::sqlite) {
      m_directory = std::make_unique<TemporaryDirectory>(purpose);
      m_location = (m_directory->path() / "kompass.db").string();
      return;
    }
    m_server = postgres_server();
    if (m_server.empty()) {
      m_skip_reason = k_postgres_skipped;
      return;
    }
    static std::atomic<int> counter{0};
    std::string name = "kompass_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    auto created = run_on_server("CREATE DATABASE " + name);
    if (!created.empty()) {
      ADD_FAILURE() << "cannot create the PostgreSQL database " << name << ": " << created;
      return;
    }
    m_database = name;
    m_location = store::postgres::with_database(m_server, name);
  }
  ~TemporaryLocation() {
    if (!m_database.empty()) {
      // FORCE ends a connection that a test left open; the database goes whatever happened in the test.
      (void)run_on_server("DROP DATABASE IF EXISTS " + m_database + " WITH (FORCE)");
    }
  }
  TemporaryLocation(const TemporaryLocation&) = delete;
  TemporaryLocation& operator=(const TemporaryLocation&) = delete;

  // The location to hand to store::open_store; empty when the backend is not available.
  const std::string& location() const { return m_location; }

  // Why the backend is not available (the message for GTEST_SKIP), or empty.
  const std::string& skip_reason() const { return m_skip_reason; }

  // The backend of this location.
  Backend backend() const { return m_backend; }

  // The first column of every row `sql` returns, read directly from the database behind the Store interface.
  std::vector<std::string> column(const std::string& sql) const {
    if (m_backend == Backend::sqlite) {
      return first_column(store::sqlite::Database::open(m_location), sql);
    }
    return first_column(store::postgres::Connection::open(m_location), sql);
  }

private:
  template <typename Opened>
  static std::vector<std::string> first_column(Opened db, const std::string& sql) {
    std::vector<std::string> values;
    if (!db) {
      ADD_FAILURE() << "cannot open the database: " << db.error().args["reason"];
      return values;
    }
    auto query = db->prepare(sql);
    if (!query) {
      ADD_FAILURE() << sql << ": " << query.error().args["reason"];
      return values;
    }
    auto row = query->step();
    for (; row && *row; row = query->step()) {
      values.push_back(query->text(0));
    }
    if (!row) {
      ADD_FAILURE() << sql << ": " << row.error().args["reason"];
    }
    return values;
  }

  // Runs `sql` on the server's own database; the reason when it fails, or empty.
  std::string run_on_server(const std::string& sql) const {
    auto db = store::postgres::Connection::open(m_server);
    if (!db) {
      return model::message(model::UiLanguage::en, db.error().code, db.error().args);
    }
    if (auto done = db->execute(sql); !done) {
      return model::message(model::UiLanguage::en, done.error().code, done.error().args);
    }
    return {};
  }

  Backend m_backend;
  std::unique_ptr<TemporaryDirectory> m_directory;
  std::string m_server;
  std::string m_database;
  std::string m_location;
  std::string m_skip_reason;
};

} // namespace kompass::testing
