#include "store/migration_runner.hpp"

#include <set>
#include <string>

#include "store/clock.hpp"
#include "store/postgres/connection.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/database.hpp"

namespace kompass::store {
namespace {

model::Error migration_failed(int version, std::string reason) {
  return model::make_error(model::ErrorKind::internal, "store_migration_failed",
                           {{"version", std::to_string(version)}, {"reason", std::move(reason)}});
}

template <typename Connection>
Result<void> apply_pending(Connection& db, const std::vector<MigrationFile>& migrations,
                           const MigrationDialect& dialect) {
  if (auto created = db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                "applied_at " +
                                std::string(dialect.applied_at_type) + " NOT NULL)");
      !created) {
    return tl::unexpected(migration_failed(0, created.error().args["reason"]));
  }
  auto applied = read_applied_migrations(db);
  if (!applied) {
    return tl::unexpected(applied.error());
  }
  std::set<int> done;
  for (const auto& migration : *applied) {
    done.insert(migration.version);
  }
  std::set<int> known;
  for (const auto& migration : migrations) {
    known.insert(migration.version);
  }
  for (int version : done) {
    if (!known.contains(version)) {
      return tl::unexpected(
          model::make_error(model::ErrorKind::conflict, "store_schema_newer", {{"version", std::to_string(version)}}));
    }
  }
  auto record = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)");
  if (!record) {
    return tl::unexpected(record.error());
  }
  for (const auto& migration : migrations) {
    if (done.contains(migration.version)) {
      continue;
    }
    if (auto ran = db.execute_script(migration.script); !ran) {
      return tl::unexpected(migration_failed(migration.version, ran.error().args["reason"]));
    }
    record->reset();
    record->bind(1, migration.version).bind(2, now_utc());
    if (auto recorded = record->run(); !recorded) {
      return tl::unexpected(migration_failed(migration.version, recorded.error().args["reason"]));
    }
  }
  return {};
}

} // namespace

template <typename Connection>
Result<void> run_migrations(Connection& db, const std::vector<MigrationFile>& migrations,
                            const MigrationDialect& dialect) {
  if (auto begun = db.execute(dialect.begin); !begun) {
    // A lock that is not granted leaves the transaction begun (and aborted, in PostgreSQL).
    (void)db.rollback();
    return tl::unexpected(migration_failed(0, begun.error().args["reason"]));
  }
  auto applied = apply_pending(db, migrations, dialect);
  if (!applied) {
    (void)db.rollback();
    return applied;
  }
  if (auto committed = db.commit(); !committed) {
    (void)db.rollback();
    return tl::unexpected(migration_failed(0, committed.error().args["reason"]));
  }
  return {};
}

template <typename Connection>
Result<std::vector<AppliedMigration>> read_applied_migrations(Connection& db) {
  auto query = db.prepare("SELECT version, applied_at FROM schema_migrations ORDER BY version");
  if (!query) {
    return tl::unexpected(query.error());
  }
  return collect_rows(*query, [&] { return AppliedMigration{static_cast<int>(query->integer(0)), query->text(1)}; });
}

template Result<void> run_migrations(sqlite::Database&, const std::vector<MigrationFile>&, const MigrationDialect&);
template Result<void> run_migrations(postgres::Connection&, const std::vector<MigrationFile>&, const MigrationDialect&);
template Result<std::vector<AppliedMigration>> read_applied_migrations(sqlite::Database&);
template Result<std::vector<AppliedMigration>> read_applied_migrations(postgres::Connection&);

} // namespace kompass::store
