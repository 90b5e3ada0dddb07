#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "store/store.hpp"

namespace kompass::store {

using model::Result;

// One row of a table as text: integers in decimal, reals in their shortest text that reads back to the same double
// (the same on both backends), text as stored, and SQL NULL as nullopt.
using TableRow = std::vector<std::optional<std::string>>;

// One table to copy: its name and its columns in the order the migrations create them (the same on both backends).
struct TableShape {
  std::string name;
  std::vector<std::string> columns;
  bool operator==(const TableShape&) const = default;
};

// A store's tables as plain rows, for copying a whole store into another (of either backend) and comparing the two;
// it reads and writes the tables directly, below the Store interface. Work happens inside begin() … end(), as with a
// Store; a write transaction dropped without commit is rolled back, so a copy is all or nothing.
class Tables {
public:
  virtual ~Tables() = default;

  // Starts a transaction: a read transaction sees one consistent snapshot, a write transaction takes the write lock.
  virtual Result<void> begin(Access access) = 0;
  // Ends the current transaction, keeping (commit) or discarding (rollback) its work.
  virtual Result<void> end(Outcome outcome) = 0;

  // Every table the migrations create except schema_migrations, each after the tables its foreign keys name (ties
  // by name), with the change log ("changes", written by triggers) last.
  virtual Result<std::vector<TableShape>> shapes() = 0;
  // The number of rows in `table`.
  virtual Result<long long> count(const std::string& table) = 0;
  // All rows of `shape`, its columns in its order, ordered by its primary key (then by every column, NULLs first).
  virtual Result<std::vector<TableRow>> rows(const TableShape& shape) = 0;
  // Deletes every row of every table, in reverse foreign-key order.
  virtual Result<void> clear() = 0;
  // Inserts all of a table's rows at once, with their ids as given, then moves the table's id sequence past them.
  // Rows that the store's triggers wrote into the change log while copying are replaced when its rows are inserted.
  virtual Result<void> insert(const TableShape& shape, const std::vector<TableRow>& rows) = 0;
};

// Opens the store at `location` (an SQLite file path or a postgresql:// URL, as open_store, whose migrations are
// applied first) as Tables. Fails as open_store does; the URL's password is never part of an error.
Result<std::unique_ptr<Tables>> open_tables(const std::string& location);

// The tables in the order to copy them: each after the tables named in `references` (pairs of table and the table
// its foreign key names; self-references are ignored), ties by name, with "changes" last.
std::vector<std::string> copy_order(std::vector<std::string> tables,
                                    const std::vector<std::pair<std::string, std::string>>& references);

// `name` as an SQL identifier in double quotes (inner quotes doubled): the table and column names come from the
// database's own catalogue, never from input, but are quoted so that any name reads as one identifier.
std::string quote_identifier(const std::string& name);

// The canonical text of a real: its shortest decimal form that reads back to the same double ("3" for 3.0).
std::string canonical_real(double value);

} // namespace kompass::store
