#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/sql_store.hpp"
#include "store/tables.hpp"

namespace kompass::store {

// One table as its backend's catalogue describes it, for copying it.
struct TableDescription {
  std::string name;
  std::vector<std::string> columns;     // in the order the migrations create them
  std::vector<bool> real;               // per column: stored as a double, so read as one
  std::vector<std::string> primary_key; // in key order
  std::vector<std::string> identity;    // columns whose id sequence must follow copied ids (PostgreSQL only)
  std::vector<std::string> references;  // the tables its foreign keys name
};

// What the one table copier needs of a backend beyond SqlConnection, found by argument-dependent lookup in the
// backend's namespace (sqlite_tables.cpp, postgres_tables.cpp): describe_tables(db) reads every table but
// schema_migrations from the catalogue, and follow_copied_ids(db, table) moves the table's id sequences past the rows
// just inserted with their ids (nothing to do in SQLite, whose next id follows MAX(id)).
template <typename C>
concept TableConnection = SqlConnection<C> && requires(C& db, const TableDescription& table) {
  { describe_tables(db) } -> std::same_as<Result<std::vector<TableDescription>>>;
  { follow_copied_ids(db, table) } -> std::same_as<Result<void>>;
};

// The Tables over `db`, an open connection whose migrations are applied: reading, clearing and inserting written once
// for both backends (sql_tables.cpp, instantiated for sqlite::Database and postgres::Connection).
template <TableConnection Connection>
std::unique_ptr<Tables> make_sql_tables(Connection db);

} // namespace kompass::store
