#include "store/sqlite/sqlite_store.hpp"

#include "store/sql_store.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"

namespace kompass::store::sqlite {

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  auto db = Database::open(path);
  if (!db) {
    return tl::unexpected(db.error());
  }
  if (auto migrated = apply_migrations(*db); !migrated) {
    return tl::unexpected(migrated.error());
  }
  return make_sql_store(std::move(*db));
}

} // namespace kompass::store::sqlite
