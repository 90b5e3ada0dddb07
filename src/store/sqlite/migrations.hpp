#pragma once

#include <vector>

#include "store/sqlite/database.hpp"
#include "store/store.hpp"

namespace kompass::store::sqlite {

// Applies, in version order and inside one transaction, every embedded migration
// (src/store/migrations/NNNN_name.sql, version NNNN) not yet recorded in schema_migrations, recording each.
// Fails with internal "store_migration_failed" {version, reason}, or "store_schema_newer" {version} when
// the database records a migration this binary does not have; nothing is applied on failure.
Result<void> apply_migrations(Database& db);

// The highest version among the embedded migrations (what a database made by this binary ends at).
Result<int> latest_migration_version();

// The migrations recorded in schema_migrations, in version order.
Result<std::vector<AppliedMigration>> list_applied_migrations(Database& db);

} // namespace kompass::store::sqlite
