#include "store/sqlite/database.hpp"

#include <sqlite3.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kompass::store::sqlite {

// Preparing is most of the cost of a small INSERT (more so with triggers, which are compiled into every
// statement that fires them), and the store prepares inside loops; reusing statements is what makes bulk writes
// such as `kompass dev generate` fast. Shared with the statements so that one outliving its connection finalizes
// itself instead of returning to a closed cache.
struct StatementCache {
  static constexpr std::size_t k_max_idle = 256;
  std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> idle; // keys are stable: statements point at them
  std::size_t idle_count = 0;
  bool open = true;

  void finalize_all() {
    for (auto& [sql, statements] : idle) {
      for (auto* statement : statements) {
        sqlite3_finalize(statement);
      }
      statements.clear();
    }
    idle_count = 0;
    open = false;
  }
};

model::Error error_from(sqlite3* db, int rc) {
  std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return model::make_error(model::ErrorKind::conflict, "store_constraint", {{"reason", reason}});
  }
  // Still locked by another connection after the busy timeout: nothing is wrong, the caller may try again.
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return model::make_error(model::ErrorKind::unavailable, "store_busy");
  }
  return model::make_error(model::ErrorKind::internal, "store_failed", {{"reason", reason}});
}

// --- Statement

Statement::Statement(sqlite3* db, sqlite3_stmt* statement) : m_db(db), m_statement(statement) {}

Statement::Statement(sqlite3* db, sqlite3_stmt* statement, std::shared_ptr<StatementCache> cache,
                     const std::string* sql)
    : m_db(db), m_statement(statement), m_cache(std::move(cache)), m_sql(sql) {}

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_statement(std::exchange(other.m_statement, nullptr)),
      m_bind_error(std::move(other.m_bind_error)), m_cache(std::move(other.m_cache)),
      m_sql(std::exchange(other.m_sql, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    m_db = std::exchange(other.m_db, nullptr);
    m_statement = std::exchange(other.m_statement, nullptr);
    m_bind_error = std::move(other.m_bind_error);
    m_cache = std::move(other.m_cache);
    m_sql = std::exchange(other.m_sql, nullptr);
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() {
  if (m_statement == nullptr) {
    return;
  }
  if (m_cache && m_cache->open && m_sql != nullptr && m_cache->idle_count < StatementCache::k_max_idle) {
    // Reset also releases any read lock the statement holds, so an idle statement blocks no writer.
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_cache->idle.find(*m_sql)->second.push_back(m_statement);
    ++m_cache->idle_count;
  } else {
    sqlite3_finalize(m_statement);
  }
  m_statement = nullptr;
  m_cache.reset();
}

void Statement::remember_bind_result(int rc) {
  // Only the first failure matters: later ones are usually its consequence.
  if (rc != SQLITE_OK && !m_bind_error) {
    m_bind_error = error_from(m_db, rc);
  }
}

Statement& Statement::bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: the caller's buffer may go away before the statement runs.
  remember_bind_result(
      sqlite3_bind_text64(m_statement, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind(int index, const char* value) { return bind(index, std::string_view(value)); }

Statement& Statement::bind(int index, int value) {
  remember_bind_result(sqlite3_bind_int64(m_statement, index, value));
  return *this;
}

Statement& Statement::bind(int index, long value) {
  remember_bind_result(sqlite3_bind_int64(m_statement, index, value));
  return *this;
}

Statement& Statement::bind(int index, long long value) {
  remember_bind_result(sqlite3_bind_int64(m_statement, index, value));
  return *this;
}

Statement& Statement::bind(int index, double value) {
  remember_bind_result(sqlite3_bind_double(m_statement, index, value));
  return *this;
}

Statement& Statement::bind_null(int index) {
  remember_bind_result(sqlite3_bind_null(m_statement, index));
  return *this;
}

Result<bool> Statement::step() {
  if (m_bind_error) {
    return tl::unexpected(*m_bind_error);
  }
  int rc = sqlite3_step(m_statement);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  // The statement must be reset before reuse and so that it does not hold read locks after a failure.
  auto error = error_from(m_db, rc);
  sqlite3_reset(m_statement);
  return tl::unexpected(std::move(error));
}

Result<void> Statement::run() {
  while (true) {
    auto row = step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      sqlite3_reset(m_statement);
      return {};
    }
  }
}

void Statement::reset() {
  sqlite3_reset(m_statement);
  sqlite3_clear_bindings(m_statement);
  m_bind_error.reset();
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(m_statement, column);
  if (bytes == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(bytes),
                     static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column)));
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_statement, column); }

double Statement::real(int column) const { return sqlite3_column_double(m_statement, column); }

bool Statement::is_null(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }

std::optional<std::string> Statement::optional_text(int column) const {
  return is_null(column) ? std::nullopt : std::optional<std::string>(text(column));
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  return is_null(column) ? std::nullopt : std::optional<std::int64_t>(integer(column));
}

std::optional<double> Statement::optional_real(int column) const {
  return is_null(column) ? std::nullopt : std::optional<double>(real(column));
}

// --- Database

Database::Database(sqlite3* db) : m_db(db), m_cache(std::make_shared<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_cache(std::move(other.m_cache)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    m_db = std::exchange(other.m_db, nullptr);
    m_cache = std::move(other.m_cache);
  }
  return *this;
}

Database::~Database() { close(); }

// sqlite3_close_v2 rolls back an open transaction, which is the contract for a dropped transaction; a statement
// still alive keeps the connection open until it is finalized.
void Database::close() {
  if (m_cache) {
    m_cache->finalize_all();
    m_cache.reset();
  }
  sqlite3_close_v2(m_db);
  m_db = nullptr;
}

Result<Database> Database::open(const std::string& path) {
  auto open_failed = [&path](std::string reason) {
    // The location is the user's choice (--db), so a path that cannot be opened is bad input.
    return tl::unexpected(model::make_error(model::ErrorKind::bad_input, "store_open_failed",
                                            {{"path", path}, {"reason", std::move(reason)}}, "db"));
  };
  sqlite3* handle = nullptr;
  // A Store is used by one thread at a time (store.hpp), so SQLite's per-call connection mutex is only cost:
  // a ranking reads hundreds of thousands of columns.
  int rc =
      sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  // Even a failed open returns a handle (to carry the message) that must be closed.
  Database db(handle);
  if (rc != SQLITE_OK) {
    return open_failed(handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(handle, 1);
  if (sqlite3_busy_timeout(handle, 5000) != SQLITE_OK) {
    return open_failed(sqlite3_errmsg(handle));
  }
  // SQLite reads the file lazily: these pragmas are the first reads, so a file that is not a database
  // fails here rather than in the first use case.
  for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA cache_size = -65536",
                             "PRAGMA temp_store = MEMORY"}) {
    if (auto done = db.execute(pragma); !done) {
      return open_failed(done.error().args["reason"]);
    }
  }
  auto check = db.prepare("PRAGMA foreign_keys");
  if (!check) {
    return open_failed(check.error().args["reason"]);
  }
  auto row = check->step();
  if (!row || !*row || check->integer(0) != 1) {
    return open_failed("foreign keys cannot be enabled");
  }
  return db;
}

Result<Statement> Database::prepare(std::string_view sql) {
  auto entry = m_cache->idle.find(sql);
  if (entry == m_cache->idle.end()) {
    entry = m_cache->idle.emplace(std::string(sql), std::vector<sqlite3_stmt*>{}).first;
  }
  if (!entry->second.empty()) {
    sqlite3_stmt* statement = entry->second.back();
    entry->second.pop_back();
    --m_cache->idle_count;
    return Statement(m_db, statement, m_cache, &entry->first);
  }
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement,
                              nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(statement);
    return tl::unexpected(error_from(m_db, rc));
  }
  return Statement(m_db, statement, m_cache, &entry->first);
}

Result<void> Database::execute(std::string_view sql) {
  auto statement = prepare(sql);
  if (!statement) {
    return tl::unexpected(statement.error());
  }
  return statement->run();
}

Result<void> Database::execute_script(std::string_view script) {
  const char* next = script.data();
  const char* end = script.data() + script.size();
  while (next < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(m_db, next, static_cast<int>(end - next), &raw, &tail);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(raw);
      return tl::unexpected(error_from(m_db, rc));
    }
    // A trailing comment or whitespace prepares to no statement at all.
    if (raw != nullptr) {
      Statement statement(m_db, raw);
      if (auto done = statement.run(); !done) {
        return done;
      }
    }
    if (tail == nullptr || tail == next) {
      break;
    }
    next = tail;
  }
  return {};
}

bool Database::in_transaction() const { return sqlite3_get_autocommit(m_db) == 0; }

std::int64_t Database::changes() const { return sqlite3_changes64(m_db); }

Result<void> Database::begin_read() { return execute("BEGIN"); }

Result<void> Database::begin_write() { return execute("BEGIN IMMEDIATE"); }

Result<void> Database::commit() {
  // Some failures (disk full, I/O) make SQLite roll the whole transaction back by itself.
  if (!in_transaction()) {
    return model::fail(model::ErrorKind::internal, "store_failed",
                       {{"reason", "the transaction was rolled back after an earlier failure"}});
  }
  return execute("COMMIT");
}

Result<void> Database::rollback() {
  if (!in_transaction()) {
    return {};
  }
  return execute("ROLLBACK");
}

Result<std::vector<long long>> Database::reserve_ids(const char* table, std::size_t count) {
  auto query = prepare(std::string("SELECT COALESCE(MAX(id), 0) FROM ") + table);
  if (!query) {
    return tl::unexpected(query.error());
  }
  auto row = query->step();
  if (!row) {
    return tl::unexpected(row.error());
  }
  std::vector<long long> ids;
  ids.reserve(count);
  for (std::size_t i = 1; i <= count; ++i) {
    ids.push_back(query->integer(0) + static_cast<long long>(i));
  }
  return ids;
}

} // namespace kompass::store::sqlite
