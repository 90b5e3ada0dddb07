#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "store/clock.hpp"

// Opaque SQLite handles; the C API itself is used only in the .cpp files of this folder.
struct sqlite3;
struct sqlite3_stmt;

namespace kompass::store::sqlite {

using model::Result;

// The prepared statements of one connection that are not in use, kept for the next prepare() of the same SQL.
struct StatementCache;

// One prepared statement: bind values by 1-based index, step through rows, read columns by 0-based index.
// A failed bind is remembered and reported by the next step(), so binds can be chained. On destruction it is
// reset and handed back to its connection's cache (see Database::prepare), or finalized when it has none.
class Statement {
public:
  // Wraps a prepared statement of `db`; takes ownership of `statement` and finalizes it on destruction.
  Statement(sqlite3* db, sqlite3_stmt* statement);
  // Takes over `other`'s statement, leaving `other` empty.
  Statement(Statement&& other) noexcept;
  // Finalizes this statement and takes over `other`'s.
  Statement& operator=(Statement&& other) noexcept;
  // Not copyable: a statement has one owner.
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  // Resets the statement and returns it to its cache, or finalizes it.
  ~Statement();

  // Binds text (copied) to parameter `index`.
  Statement& bind(int index, std::string_view value);
  // Binds a C string as text (so string literals do not pick the bool overload).
  Statement& bind(int index, const char* value);
  // Binds an integer to parameter `index`.
  Statement& bind(int index, int value);
  // Binds an integer to parameter `index`.
  Statement& bind(int index, long value);
  // Binds an integer to parameter `index`.
  Statement& bind(int index, long long value);
  // Binds a real to parameter `index`.
  Statement& bind(int index, double value);
  // Binds SQL NULL to parameter `index`.
  Statement& bind_null(int index);
  // Binds the value, or NULL when it is empty.
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row: true when a row is ready, false when the statement is done.
  Result<bool> step();
  // Steps until done, ignoring any rows.
  Result<void> run();
  // Makes the statement ready to run again; bindings are cleared.
  void reset();

  // The column as text ("" for NULL).
  std::string text(int column) const;
  // The column as an integer (0 for NULL).
  std::int64_t integer(int column) const;
  // The column as a real (0 for NULL).
  double real(int column) const;
  // True when the column is NULL.
  bool is_null(int column) const;
  // The column as text, or nullopt for NULL.
  std::optional<std::string> optional_text(int column) const;
  // The column as an integer, or nullopt for NULL.
  std::optional<std::int64_t> optional_integer(int column) const;
  // The column as a real, or nullopt for NULL.
  std::optional<double> optional_real(int column) const;

private:
  friend class Database;
  // Wraps a statement of `db` prepared from `sql` (a key of `cache`), which takes it back on destruction.
  Statement(sqlite3* db, sqlite3_stmt* statement, std::shared_ptr<StatementCache> cache, const std::string* sql);
  void remember_bind_result(int rc);
  void release();

  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_statement = nullptr;
  std::optional<model::Error> m_bind_error;
  std::shared_ptr<StatementCache> m_cache;
  const std::string* m_sql = nullptr;
};

// An open SQLite database connection; closed on destruction (an open transaction is rolled back).
class Database {
public:
  // Opens (creating when missing) the database file at `path` with foreign keys on, WAL journaling and a
  // 5 s busy timeout. Fails with internal "store_open_failed" {path, reason} when the file cannot be
  // opened or is not a database.
  static Result<Database> open(const std::string& path);

  // Takes over `other`'s connection, leaving `other` closed.
  Database(Database&& other) noexcept;
  // Closes this connection and takes over `other`'s.
  Database& operator=(Database&& other) noexcept;
  // Not copyable: a connection has one owner.
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  // Closes the connection.
  ~Database();

  // Prepares one SQL statement; fails with internal "store_failed" {reason} on a syntax error. A statement of
  // the same SQL prepared before and no longer in use is reused, so callers may prepare inside loops.
  Result<Statement> prepare(std::string_view sql);
  // Prepares and runs one statement without parameters, ignoring any rows.
  Result<void> execute(std::string_view sql);
  // Runs every statement of a script in order (for migrations: fixed text, never built from values).
  Result<void> execute_script(std::string_view script);
  // True while a transaction (or savepoint) is open on this connection.
  bool in_transaction() const;
  // The number of rows the last INSERT, UPDATE or DELETE changed.
  std::int64_t changes() const;

  // Begins a deferred transaction: it reads its WAL snapshot while a writer works and waits for nobody.
  Result<void> begin_read();
  // Begins an IMMEDIATE transaction, taking the write lock at once (waiting up to the busy timeout), so that
  // writers run one at a time and a write never fails later with a busy snapshot.
  Result<void> begin_write();
  // Commits the open transaction; fails with internal "store_failed" when SQLite has already rolled it back by
  // itself (disk full, I/O), or with the error of COMMIT.
  Result<void> commit();
  // Rolls the open transaction back; succeeds when SQLite has already rolled it back by itself.
  Result<void> rollback();
  // `count` new ids for rows of `table` (which has an INTEGER PRIMARY KEY id), increasing: those after its
  // largest id, as SQLite itself would choose them. Only inside a write transaction, where nobody else inserts.
  Result<std::vector<long long>> reserve_ids(const char* table, std::size_t count);

private:
  // Owns an already opened handle.
  explicit Database(sqlite3* db);
  // Finalizes the cached statements and closes the connection.
  void close();

  sqlite3* m_db = nullptr;
  std::shared_ptr<StatementCache> m_cache;
};

// The Error for a failed SQLite call: conflict "store_constraint" for constraint violations, otherwise
// internal "store_failed"; both carry SQLite's message as {reason}.
model::Error error_from(sqlite3* db, int rc);

using store::now_utc;

} // namespace kompass::store::sqlite
