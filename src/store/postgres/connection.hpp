#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "store/clock.hpp"

namespace kompass::store::postgres {

using model::Result;

// The libpqxx connection and the rows of a run statement; libpqxx itself is used only in the .cpp files.
struct Link;
struct Rows;

// One statement with parameters $1, $2, … : bind values by 1-based index, step through rows, read columns by
// 0-based index, as sqlite::Statement does, so that one store body serves both. Values travel as text and the
// server gives them the type of their place in the statement (write `CAST(?1 AS TEXT) IS NULL` where nothing else
// does). The statement runs at the first step(); its rows are then read from memory. Unbound parameters are NULL.
class Statement {
public:
  // A statement of `sql` to run on `link`.
  Statement(std::shared_ptr<Link> link, std::string sql);
  // Takes over `other`'s statement, leaving `other` empty.
  Statement(Statement&& other) noexcept;
  // Takes over `other`'s statement.
  Statement& operator=(Statement&& other) noexcept;
  // Not copyable: a statement has one owner.
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  // Forgets its rows.
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
  // Binds a real to parameter `index`, in its shortest text that reads back to the same double.
  Statement& bind(int index, double value);
  // Binds SQL NULL to parameter `index`.
  Statement& bind_null(int index);
  // Binds the value, or NULL when it is empty.
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row (running the statement first when it has not run): true when a row is ready, false
  // when the statement is done; the next step() after that runs it again.
  Result<bool> step();
  // Runs the statement (or finishes the run under way), ignoring any rows; the bindings are kept.
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
  std::shared_ptr<Link> m_link;
  std::string m_sql;
  std::vector<std::optional<std::string>> m_parameters;
  std::unique_ptr<Rows> m_rows; // set while a run's rows are being read
};

// An open connection to a PostgreSQL database; closed on destruction (an open transaction is rolled back by the
// server). Statements are sent as the text of `prepare` (its ?n written $n), one round trip each; SQL is only ever
// fixed text with parameters, never built from values.
class Connection {
public:
  // Connects to the database named by the postgresql:// (or postgres://) URL `url` (waiting at most 5 s unless the
  // URL sets connect_timeout). Fails with unavailable "store_unreachable" {host, database, reason} (field "db")
  // when the server does not answer or refuses connections for now (starting, shutting down), and with bad_input
  // "store_connect_failed" {host, database, reason} when it answers but the connection fails (password, database,
  // role); the URL's password is never part of the error. Statements on a connection that is lost later fail
  // with unavailable "store_unavailable".
  static Result<Connection> open(const std::string& url);

  // Takes over `other`'s connection, leaving `other` closed.
  Connection(Connection&& other) noexcept;
  // Closes this connection and takes over `other`'s.
  Connection& operator=(Connection&& other) noexcept;
  // Not copyable: a connection has one owner.
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  // Closes the connection.
  ~Connection();

  // A statement of `sql` on this connection, whose SQLite-style parameters ?1, ?2, … (outside quotes and comments)
  // become $1, $2, …, so that the same SQL serves both backends; $n is kept as it is. Never fails (the server reads
  // the SQL when it runs), but returns a Result as sqlite::Database::prepare does.
  Result<Statement> prepare(std::string_view sql);
  // Runs SQL without parameters, ignoring any rows; it may hold several statements separated by ";".
  Result<void> execute(std::string_view sql);
  // Runs every statement of a script in order (for migrations: fixed text, never built from values).
  Result<void> execute_script(std::string_view script);
  // Ends the open transaction with COMMIT; when a statement has failed in it since its BEGIN or the last ROLLBACK TO
  // (the server has then aborted it), rolls it back instead and fails with internal "store_failed".
  Result<void> commit();
  // The number of rows the last statement changed (or returned).
  std::int64_t changes() const;
  // True between a BEGIN and the COMMIT or ROLLBACK that ends it (sent through this connection).
  bool in_transaction() const;
  // Begins a READ ONLY transaction at REPEATABLE READ: one snapshot for the whole transaction, never waiting for a
  // writer, as SQLite's deferred transaction in WAL mode.
  Result<void> begin_read();
  // Begins a READ COMMITTED transaction holding the store's transaction-level advisory write lock, waiting for the
  // writer that holds it (lock_timeout, 5 s), as SQLite's BEGIN IMMEDIATE; on failure nothing is left open.
  Result<void> begin_write();
  // Rolls the open transaction back.
  Result<void> rollback();
  // `count` new ids for rows of `table` (which has an identity column id), increasing, taken from its sequence,
  // which never hands out an id twice, even to concurrent sessions.
  Result<std::vector<long long>> reserve_ids(const char* table, std::size_t count);

private:
  explicit Connection(std::shared_ptr<Link> link);
  // Notes whether `sql`, just sent, began or ended a transaction (see in_transaction).
  void track_transaction(std::string_view sql);

  std::shared_ptr<Link> m_link;
};

// The host and database a postgresql:// URL names ("localhost" and the user's name when it names none), for
// messages: never the user's password.
struct UrlParts {
  std::string host;
  std::string database;
};
UrlParts url_parts(const std::string& url);

// `url` with its database (the path) replaced by `database`; the rest (user, password, host, port, query) is kept.
std::string with_database(const std::string& url, const std::string& database);

using store::now_utc;

} // namespace kompass::store::postgres
