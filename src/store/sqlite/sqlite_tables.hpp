#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/sql_tables.hpp"
#include "store/sqlite/database.hpp"
#include "store/tables.hpp"

namespace kompass::store::sqlite {

// Opens the SQLite database at `path` (already migrated) as Tables. Fails with "store_open_failed" when it cannot.
Result<std::unique_ptr<Tables>> open_sqlite_tables(const std::string& path);

// Every table of `db` but schema_migrations (and SQLite's own), as sqlite_master and its pragmas describe them; a
// column is real when its declared type reads as REAL, FLOAT or DOUBLE.
Result<std::vector<TableDescription>> describe_tables(Database& db);

// Does nothing: SQLite gives the next row the id after the largest one, copied or not.
Result<void> follow_copied_ids(Database& db, const TableDescription& table);

} // namespace kompass::store::sqlite
