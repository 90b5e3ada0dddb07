#pragma once

#include <vector>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace kompass::store::postgres {

// Applies, in version order and inside one transaction, every embedded PostgreSQL migration
// (src/store/migrations/postgres/NNNN_name.sql, the pairs of the SQLite files) not yet recorded in
// schema_migrations, recording each. The transaction first takes an advisory lock, so that of two nodes starting at
// once the second waits and then finds the migrations recorded. Fails with internal "store_migration_failed"
// {version, reason}, or conflict "store_schema_newer" {version} when the database records a migration this binary
// does not have; nothing is applied on failure.
Result<void> apply_migrations(Connection& db);

// The migrations recorded in schema_migrations, in version order.
Result<std::vector<AppliedMigration>> list_applied_migrations(Connection& db);

} // namespace kompass::store::postgres
