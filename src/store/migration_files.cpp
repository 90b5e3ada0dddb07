#include "store/migration_files.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "resources/resources.hpp"

namespace kompass::store {
namespace {

model::Error migration_failed(int version, std::string reason) {
  return model::make_error(model::ErrorKind::internal, "store_migration_failed",
                           {{"version", std::to_string(version)}, {"reason", std::move(reason)}});
}

} // namespace

Result<std::vector<MigrationFile>> embedded_migrations(std::string_view folder) {
  std::vector<MigrationFile> migrations;
  for (const auto& entry : resources::under(folder)) {
    std::string_view name = entry.path.substr(folder.size());
    // The PostgreSQL files live in a subfolder of the SQLite ones.
    if (!name.ends_with(".sql") || name.find('/') != std::string_view::npos) {
      continue;
    }
    int version = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
    if (ec != std::errc{} || end == name.data() || version <= 0) {
      return tl::unexpected(migration_failed(0, "migration file name has no version number: " + std::string(name)));
    }
    migrations.push_back({version, name, entry.bytes});
  }
  // Files are ordered by path, but "10_x.sql" must not run before "9_x.sql" if someone drops the padding.
  std::sort(migrations.begin(), migrations.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version == migrations[i - 1].version) {
      return tl::unexpected(migration_failed(migrations[i].version, "two migration files have this version"));
    }
  }
  return migrations;
}

} // namespace kompass::store
