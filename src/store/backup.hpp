#pragma once

#include <string>

#include "model/error.hpp"

namespace kompass::store {

using model::Result;

// What a backup or restore copied: the evaluations in it and its newest schema migration.
struct BackupSummary {
  long evaluations = 0;
  int schema_version = 0;
};

// Whether a restore may replace a database that already holds evaluations.
enum class Overwrite { refuse, replace };

// Copies the SQLite database at `location` into the new file `file` with SQLite's online backup API: one
// consistent snapshot, taken while other connections may go on writing. The copy is written beside `file`
// and renamed into place only when complete. conflict "backup_target_exists" when `file` exists; bad_input
// "backup_postgresql" for a postgresql:// location (PostgreSQL is backed up with pg_dump, see the README).
Result<BackupSummary> backup_database(const std::string& location, const std::string& file);

// Replaces the SQLite database at `location` (created when missing) with the backup in `file`, after checking
// that `file` is an intact kompass database no newer than this program (bad_input "restore_not_kompass" /
// "restore_damaged" / "restore_too_new"); then applies any migrations the backup lacks. Refuses with conflict
// "restore_target_not_empty" when the target holds evaluations, unless `overwrite` is replace. The target is
// replaced in one step: a failure leaves it as it was.
Result<BackupSummary> restore_database(const std::string& location, const std::string& file, Overwrite overwrite);

} // namespace kompass::store
