#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/sql_tables.hpp"
#include "store/tables.hpp"

namespace kompass::store::postgres {

// Opens the PostgreSQL database at `url` (already migrated) as Tables. Fails with bad_input "store_connect_failed"
// when it cannot connect; the URL's password is never part of the error.
Result<std::unique_ptr<Tables>> open_postgres_tables(const std::string& url);

// Every base table of the current schema but schema_migrations, as information_schema and pg_constraint describe
// them; a column is real when it is double precision or real.
Result<std::vector<TableDescription>> describe_tables(Connection& db);

// Moves the sequence of each identity column of `table` so that the next generated id follows the largest one.
Result<void> follow_copied_ids(Connection& db, const TableDescription& table);

} // namespace kompass::store::postgres
