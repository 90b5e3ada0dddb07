#pragma once

#include <string_view>
#include <vector>

#include "model/error.hpp"

namespace kompass::store {

using model::Result;

// The folder of the SQLite migrations and the folder of their PostgreSQL pairs (same versions and names).
inline constexpr std::string_view k_sqlite_migrations = "src/store/migrations/";
inline constexpr std::string_view k_postgres_migrations = "src/store/migrations/postgres/";

// One embedded schema migration: its version (the number its file name starts with), its file name and its SQL.
struct MigrationFile {
  int version = 0;
  std::string_view name;
  std::string_view script;
};

// The embedded migrations directly in `folder` (a path ending in "/"; files of its subfolders are not among them),
// in version order. Fails with internal "store_migration_failed" {version, reason} when a file name has no version
// number or two files have the same one.
Result<std::vector<MigrationFile>> embedded_migrations(std::string_view folder);

} // namespace kompass::store
