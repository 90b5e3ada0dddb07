#pragma once

#include <memory>
#include <string>

#include "store/tables.hpp"

namespace kompass::store::sqlite {

// Opens the SQLite database at `path` (already migrated) as Tables. Fails with "store_open_failed" when it cannot.
Result<std::unique_ptr<Tables>> open_sqlite_tables(const std::string& path);

} // namespace kompass::store::sqlite
