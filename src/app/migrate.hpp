#pragma once

#include <string>
#include <vector>

#include "model/error.hpp"
#include "store/backup.hpp"
#include "store/tables.hpp"

namespace kompass::app {

using model::Result;

// Whether migrate copies and then compares, or only compares the two stores.
enum class MigrateMode { copy, verify_only };

// One table as compared on both sides: its rows and the hex SHA-256 of its canonical rows (table_digest).
struct MigratedTable {
  std::string name;
  long long rows = 0;
  std::string digest;
};

// What migrate did: every table in copy order (each the same on both sides) and the evaluations it holds.
struct MigrateReport {
  std::vector<MigratedTable> tables;
  long long evaluations = 0;
};

// The canonical form of one row for hashing: each value as "N" for NULL or "S<length>:<text>" otherwise, then a
// newline, so NULL differs from "" and no two different rows read alike.
std::string canonical_row(const store::TableRow& row);

// The hex SHA-256 of a table's rows in their canonical form (canonical_row, one after another, in the given order).
std::string table_digest(const std::vector<store::TableRow>& rows);

// Copies every table of the store at `from` into the store at `to` (each an SQLite path or a postgresql:// URL; the
// target's schema is created or brought up to date first) in one transaction of the target, then compares each table's
// row count and table_digest on both sides before committing. Refuses with conflict "migrate_target_not_empty"
// {count} when the target holds evaluations, unless `overwrite` is replace (its tables are then emptied in the same
// transaction). With MigrateMode::verify_only nothing is written: the two stores are only compared. Fails with
// bad_input "migrate_mismatch" {tables} naming every table that differs, "migrate_source_missing" {path} when `from`
// is a file that does not exist and "migrate_same_location" when both name the same store; a failed copy leaves the
// target as it was.
Result<MigrateReport> migrate(const std::string& from, const std::string& to, store::Overwrite overwrite,
                              MigrateMode mode);

} // namespace kompass::app
