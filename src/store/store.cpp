#include "store/store.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace kompass::store {

Result<std::unique_ptr<Store>> open_store(const std::string& location) {
  if (location.empty()) {
    return model::fail(model::ErrorKind::bad_input, "store_location_empty");
  }
  if (location.starts_with("postgresql://") || location.starts_with("postgres://")) {
    // The URL is never echoed: it may carry a password.
    return postgres::open_postgres_store(location);
  }
  // Any other "scheme://" is a typo or an unsupported backend, not a file name to create.
  if (auto scheme_end = location.find("://");
      scheme_end != std::string::npos && scheme_end > 0 && location.find('/') == scheme_end + 1) {
    return model::fail(model::ErrorKind::bad_input, "store_backend_unknown",
                       {{"scheme", location.substr(0, scheme_end)}});
  }
  return sqlite::open_sqlite_store(location);
}

} // namespace kompass::store
