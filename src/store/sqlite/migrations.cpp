#include "store/sqlite/migrations.hpp"

#include <set>
#include <string>

#include "store/migration_files.hpp"

namespace kompass::store::sqlite {
namespace {

model::Error migration_failed(int version, std::string reason) {
  return model::make_error(model::ErrorKind::internal, "store_migration_failed",
                           {{"version", std::to_string(version)}, {"reason", std::move(reason)}});
}

Result<void> apply_pending(Database& db, const std::vector<MigrationFile>& migrations) {
  if (auto created = db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
      !created) {
    return tl::unexpected(migration_failed(0, created.error().args["reason"]));
  }
  auto applied = list_applied_migrations(db);
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

Result<void> apply_migrations(Database& db) {
  auto migrations = embedded_migrations(k_sqlite_migrations);
  if (!migrations) {
    return tl::unexpected(migrations.error());
  }
  // IMMEDIATE takes the write lock up front, so two processes opening a new database at once do not both
  // apply the same migration: the second waits (busy timeout) and then finds it recorded.
  if (auto begun = db.execute("BEGIN IMMEDIATE"); !begun) {
    return tl::unexpected(migration_failed(0, begun.error().args["reason"]));
  }
  auto applied = apply_pending(db, *migrations);
  if (!applied) {
    (void)db.execute("ROLLBACK");
    return applied;
  }
  if (auto committed = db.execute("COMMIT"); !committed) {
    (void)db.execute("ROLLBACK");
    return tl::unexpected(migration_failed(0, committed.error().args["reason"]));
  }
  return {};
}

Result<int> latest_migration_version() {
  auto migrations = embedded_migrations(k_sqlite_migrations);
  if (!migrations) {
    return tl::unexpected(migrations.error());
  }
  return migrations->empty() ? 0 : migrations->back().version;
}

Result<std::vector<AppliedMigration>> list_applied_migrations(Database& db) {
  auto query = db.prepare("SELECT version, applied_at FROM schema_migrations ORDER BY version");
  if (!query) {
    return tl::unexpected(query.error());
  }
  std::vector<AppliedMigration> applied;
  while (true) {
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      break;
    }
    applied.push_back({static_cast<int>(query->integer(0)), query->text(1)});
  }
  return applied;
}

} // namespace kompass::store::sqlite
