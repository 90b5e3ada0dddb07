#include "store/backup.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <system_error>

#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/store.hpp"

namespace kompass::store {
namespace {

using model::ErrorKind;

struct CloseConnection {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, CloseConnection>;

model::Error failed(sqlite3* db, const std::string& path) {
  return model::make_error(ErrorKind::bad_input, "store_open_failed",
                           {{"path", path}, {"reason", db != nullptr ? sqlite3_errmsg(db) : "out of memory"}}, "file");
}

Result<Connection> connect(const std::string& path, int flags) {
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  Connection connection(handle);
  if (rc != SQLITE_OK) {
    return tl::unexpected(failed(handle, path));
  }
  sqlite3_busy_timeout(handle, 5000);
  return connection;
}

// The single integer a query yields; nullopt when it fails or yields no row (e.g. a missing table).
std::optional<long long> single_integer(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    sqlite3_finalize(statement);
    return std::nullopt;
  }
  std::optional<long long> value;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    value = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  return value;
}

std::string single_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) {
    if (const auto* text = sqlite3_column_text(statement, 0)) {
      value = reinterpret_cast<const char*>(text);
    }
  }
  sqlite3_finalize(statement);
  return value;
}

// Copies every page of `from` into `to` in one step, holding both locks for the copy (the busy timeout covers a
// writer holding them).
Result<void> copy_pages(sqlite3* from, sqlite3* to, const std::string& target_path) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) {
    return tl::unexpected(
        model::make_error(ErrorKind::internal, "store_failed", {{"reason", sqlite3_errmsg(to)}}, target_path));
  }
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      sqlite3_sleep(50);
    }
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return tl::unexpected(
        model::make_error(ErrorKind::internal, "store_failed", {{"reason", sqlite3_errstr(rc)}}, target_path));
  }
  return {};
}

BackupSummary summary_of(sqlite3* db) {
  return {static_cast<long>(single_integer(db, "SELECT count(*) FROM evaluations").value_or(0)),
          static_cast<int>(single_integer(db, "SELECT max(version) FROM schema_migrations").value_or(0))};
}

bool is_postgresql(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

} // namespace

Result<BackupSummary> backup_database(const std::string& location, const std::string& file) {
  if (is_postgresql(location)) {
    return model::fail(ErrorKind::bad_input, "backup_postgresql", {}, "db");
  }
  std::error_code error;
  if (std::filesystem::exists(file, error)) {
    return model::fail(ErrorKind::conflict, "backup_target_exists", {{"file", file}}, "file");
  }
  // Opening through the store first applies pending migrations, so a backup always has the current schema.
  if (auto opened = open_store(location); !opened) {
    return tl::unexpected(opened.error());
  }
  auto source = connect(location, SQLITE_OPEN_READONLY);
  if (!source) {
    return tl::unexpected(source.error());
  }
  auto pending = file + ".partial";
  std::filesystem::remove(pending, error);
  BackupSummary summary;
  {
    auto target = connect(pending, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!target) {
      return tl::unexpected(target.error());
    }
    if (auto copied = copy_pages(source->get(), target->get(), file); !copied) {
      target->reset();
      std::filesystem::remove(pending, error);
      return tl::unexpected(copied.error());
    }
    summary = summary_of(target->get());
  }
  std::filesystem::rename(pending, file, error);
  if (error) {
    std::filesystem::remove(pending, error);
    return model::fail(ErrorKind::bad_input, "store_open_failed", {{"path", file}, {"reason", error.message()}},
                       "file");
  }
  return summary;
}

Result<BackupSummary> restore_database(const std::string& location, const std::string& file, Overwrite overwrite) {
  if (is_postgresql(location)) {
    return model::fail(ErrorKind::bad_input, "backup_postgresql", {}, "db");
  }
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    return model::fail(ErrorKind::bad_input, "restore_not_kompass", {{"file", file}}, "file");
  }
  auto source = connect(file, SQLITE_OPEN_READONLY);
  if (!source) {
    return tl::unexpected(source.error());
  }
  if (!single_integer(source->get(), "SELECT count(*) FROM evaluations") ||
      !single_integer(source->get(), "SELECT max(version) FROM schema_migrations")) {
    return model::fail(ErrorKind::bad_input, "restore_not_kompass", {{"file", file}}, "file");
  }
  if (auto verdict = single_text(source->get(), "PRAGMA integrity_check"); verdict != "ok") {
    return model::fail(ErrorKind::bad_input, "restore_damaged", {{"file", file}, {"reason", verdict}}, "file");
  }
  auto backup_summary = summary_of(source->get());
  auto latest = sqlite::latest_migration_version();
  if (!latest) {
    return tl::unexpected(latest.error());
  }
  if (backup_summary.schema_version > *latest) {
    return model::fail(ErrorKind::bad_input, "restore_too_new",
                       {{"file", file},
                        {"version", std::to_string(backup_summary.schema_version)},
                        {"supported", std::to_string(*latest)}},
                       "file");
  }
  {
    auto target = connect(location, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!target) {
      return tl::unexpected(target.error());
    }
    auto stored = single_integer(target->get(), "SELECT count(*) FROM evaluations").value_or(0);
    if (stored > 0 && overwrite == Overwrite::refuse) {
      return model::fail(ErrorKind::conflict, "restore_target_not_empty",
                         {{"db", location}, {"count", std::to_string(stored)}}, "db");
    }
    // The backup API replaces the target's pages in one write transaction: all of them or none.
    if (auto copied = copy_pages(source->get(), target->get(), location); !copied) {
      return tl::unexpected(copied.error());
    }
  }
  // A backup from an older version gets the migrations it lacks.
  auto reopened = open_store(location);
  if (!reopened) {
    return tl::unexpected(reopened.error());
  }
  auto applied = (*reopened)->applied_migrations();
  if (applied && !applied->empty()) {
    backup_summary.schema_version = applied->back().version;
  }
  return backup_summary;
}

} // namespace kompass::store
