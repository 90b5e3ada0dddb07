#pragma once

#include <memory>
#include <string>

#include "store/tables.hpp"

namespace kompass::store::postgres {

// Opens the PostgreSQL database at `url` (already migrated) as Tables. Fails with bad_input "store_connect_failed"
// when it cannot connect; the URL's password is never part of the error.
Result<std::unique_ptr<Tables>> open_postgres_tables(const std::string& url);

} // namespace kompass::store::postgres
