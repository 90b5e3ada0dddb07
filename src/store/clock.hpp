#pragma once

#include <string>

namespace kompass::store {

// The current time as ISO 8601 UTC text ("2024-05-01T12:00:00Z"), as every timestamp column holds it.
std::string now_utc();

} // namespace kompass::store
