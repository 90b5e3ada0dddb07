#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace kompass::store::sqlite {

// Opens (creating when missing) the SQLite database file at `path` and applies pending migrations; fails
// with internal "store_open_failed" {path, reason} when the file cannot be opened or is not a database.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

} // namespace kompass::store::sqlite
