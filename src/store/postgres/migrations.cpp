#include "store/postgres/migrations.hpp"

#include <string>

#include "store/migration_files.hpp"
#include "store/migration_runner.hpp"

namespace kompass::store::postgres {
namespace {

// The advisory lock that serialises migrations across nodes ("kmig"); only this code takes it.
constexpr long long k_migration_lock = 0x6b6d6967;

} // namespace

Result<void> apply_migrations(Connection& db) {
  auto migrations = embedded_migrations(k_postgres_migrations);
  if (!migrations) {
    return tl::unexpected(migrations.error());
  }
  // The lock comes before CREATE TABLE IF NOT EXISTS: two sessions creating the same table at once can fail.
  // Migrations may wait longer for it than writers wait for theirs: another node may be applying them.
  const std::string begin =
      "BEGIN; SET LOCAL lock_timeout = '60s'; SELECT pg_advisory_xact_lock(" + std::to_string(k_migration_lock) + ")";
  return run_migrations(db, *migrations, {begin, "TEXT COLLATE \"C\""});
}

Result<std::vector<AppliedMigration>> list_applied_migrations(Connection& db) { return read_applied_migrations(db); }

} // namespace kompass::store::postgres
