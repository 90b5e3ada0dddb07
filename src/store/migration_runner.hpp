#pragma once

#include <string_view>
#include <vector>

#include "store/migration_files.hpp"
#include "store/store.hpp"

namespace kompass::store {

// What differs between the backends' migration runs: the SQL that begins their one transaction, which also takes
// the lock that keeps two processes from applying the same migration at once, and the column type of
// schema_migrations.applied_at.
struct MigrationDialect {
  std::string_view begin;
  std::string_view applied_at_type;
};

// Applies, in version order and inside one transaction begun by `dialect.begin`, every migration of `migrations` not
// yet recorded in schema_migrations (created when missing), recording each. Fails with internal
// "store_migration_failed" {version, reason}, or conflict "store_schema_newer" {version} when the database records a
// migration that `migrations` lacks; nothing is applied on failure. Instantiated for sqlite::Database and
// postgres::Connection.
template <typename Connection>
Result<void> run_migrations(Connection& db, const std::vector<MigrationFile>& migrations,
                            const MigrationDialect& dialect);

// The migrations recorded in schema_migrations, in version order. Instantiated as run_migrations is.
template <typename Connection>
Result<std::vector<AppliedMigration>> read_applied_migrations(Connection& db);

} // namespace kompass::store
