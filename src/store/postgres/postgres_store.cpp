#include "store/postgres/postgres_store.hpp"

#include "store/postgres/connection.hpp"
#include "store/postgres/migrations.hpp"
#include "store/sql_store.hpp"

namespace kompass::store::postgres {

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url) {
  auto db = Connection::open(url);
  if (!db) {
    return tl::unexpected(db.error());
  }
  if (auto migrated = apply_migrations(*db); !migrated) {
    return tl::unexpected(migrated.error());
  }
  return make_sql_store(std::move(*db));
}

} // namespace kompass::store::postgres
