#include <gtest/gtest.h>

#include <string>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"
#include "unit/store_backend.hpp"

// Failures that are nobody's fault and pass (the database cannot be reached now, or is busy): ErrorKind::unavailable,
// which the HTTP layer answers with 503 and Retry-After and the CLI with exit code 3.
namespace {

using namespace kompass;
using kompass::testing::Backend;
using kompass::testing::TemporaryLocation;
using model::ErrorKind;

// A server that answers but refuses the connection (an unknown database) needs a changed URL: bad input, as before.
TEST(Unavailable, PostgresUnknownDatabaseIsBadInput) {
  const auto server = kompass::testing::postgres_server();
  if (server.empty()) {
    GTEST_SKIP() << kompass::testing::k_postgres_skipped;
  }
  auto opened = store::open_store(store::postgres::with_database(server, "kompass_no_such_database"));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(opened.error().code, "store_connect_failed");
}

// The server ends the store's connection (as at a restart: "terminating connection due to administrator command"):
// every later statement is unavailable "store_unavailable", never internal, and a store opened anew works.
TEST(Unavailable, PostgresLostConnectionIsUnavailableUntilReopened) {
  TemporaryLocation location(Backend::postgres, "lost");
  if (location.location().empty()) {
    GTEST_SKIP() << location.skip_reason();
  }
  auto opened = store::open_store(location.location());
  ASSERT_TRUE(opened) << opened.error().code;
  store::Store& db = **opened;
  auto read = [&db] {
    return store::in_transaction(
        db, [&db] { return db.last_change(); }, store::Access::read);
  };
  ASSERT_TRUE(read());

  auto admin = store::postgres::Connection::open(location.location());
  ASSERT_TRUE(admin);
  auto terminated = admin->execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_TRUE(terminated) << terminated.error().args["reason"];

  for (int attempt = 0; attempt < 2; ++attempt) {
    auto lost = read();
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().kind, ErrorKind::unavailable) << lost.error().code << " " << lost.error().args["reason"];
    EXPECT_EQ(lost.error().code, "store_unavailable");
  }
  auto written = store::in_transaction(db, [&db] { return db.last_change(); });
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().kind, ErrorKind::unavailable);

  auto reopened = store::open_store(location.location());
  ASSERT_TRUE(reopened) << reopened.error().code;
  EXPECT_TRUE(store::in_transaction(
      **reopened, [&] { return (*reopened)->last_change(); }, store::Access::read));
}

// SQLite: a writer still locked out after the busy timeout (5 s) may try again: unavailable "store_busy".
TEST(Unavailable, SqliteBusyAfterTheTimeoutIsUnavailable) {
  TemporaryLocation location(Backend::sqlite, "busy");
  auto first = store::open_store(location.location());
  auto second = store::open_store(location.location());
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  ASSERT_TRUE((*first)->begin(store::Access::write));
  auto blocked = (*second)->begin(store::Access::write);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(blocked.error().code, "store_busy");
  ASSERT_TRUE((*first)->end(store::Outcome::rollback));
  ASSERT_TRUE((*second)->begin(store::Access::write));
  EXPECT_TRUE((*second)->end(store::Outcome::rollback));
}

} // namespace
