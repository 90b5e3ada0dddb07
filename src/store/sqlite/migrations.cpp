#include "store/sqlite/migrations.hpp"

#include "store/migration_files.hpp"
#include "store/migration_runner.hpp"

namespace kompass::store::sqlite {

Result<void> apply_migrations(Database& db) {
  auto migrations = embedded_migrations(k_sqlite_migrations);
  if (!migrations) {
    return tl::unexpected(migrations.error());
  }
  // IMMEDIATE takes the write lock up front, so two processes opening a new database at once do not both
  // apply the same migration: the second waits (busy timeout) and then finds it recorded.
  return run_migrations(db, *migrations, {"BEGIN IMMEDIATE", "TEXT"});
}

Result<int> latest_migration_version() {
  auto migrations = embedded_migrations(k_sqlite_migrations);
  if (!migrations) {
    return tl::unexpected(migrations.error());
  }
  return migrations->empty() ? 0 : migrations->back().version;
}

Result<std::vector<AppliedMigration>> list_applied_migrations(Database& db) { return read_applied_migrations(db); }

} // namespace kompass::store::sqlite
