#pragma once

#include <memory>
#include <string>

#include "store/store.hpp"

namespace kompass::store::postgres {

// Opens the PostgreSQL database named by `url` (postgresql://user[:password]@host[:port]/database) and applies
// pending migrations (src/store/migrations/postgres/); fails with bad_input "store_connect_failed" {host, database,
// reason} when it cannot connect. The store is the SQLite store's body (sql_store.cpp) over a PostgreSQL connection,
// so it behaves as the SQLite store does, method by method, with these transactions:
// - Access::read is a READ ONLY transaction at REPEATABLE READ: one snapshot for the whole use case, never waiting
//   for a writer, as SQLite's deferred transaction in WAL mode.
// - Access::write (and a writing method called outside a transaction) is READ COMMITTED holding a
//   transaction-level advisory lock taken at begin, so writers run one at a time, as with SQLite's BEGIN IMMEDIATE.
//   That keeps each method's checks before it writes (a taken id, a score's version) true when it writes without
//   SERIALIZABLE's failures that every caller would have to retry, and commits the change log's sequences in
//   order, so a reader following it never skips one. A writer waits at most 5 s for the lock (lock_timeout), as
//   SQLite's busy timeout.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url);

} // namespace kompass::store::postgres
