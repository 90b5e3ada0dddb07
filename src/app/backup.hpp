#pragma once

#include <string>

#include "model/error.hpp"
#include "store/backup.hpp"

namespace kompass::app {

using model::Result;

// Writes a consistent copy of the SQLite store at `db_location` to the new file `file` (store::backup_database).
Result<store::BackupSummary> backup(const std::string& db_location, const std::string& file);

// Replaces the SQLite store at `db_location` with the backup `file` (store::restore_database) and removes the
// search index beside it, which described the old contents; it is rebuilt from the store on next use.
Result<store::BackupSummary> restore(const std::string& db_location, const std::string& file,
                                     store::Overwrite overwrite);

} // namespace kompass::app
