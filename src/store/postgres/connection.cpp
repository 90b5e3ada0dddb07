#include "store/postgres/connection.hpp"

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>
#include <utility>

namespace kompass::store::postgres {

namespace {

// Without a connect_timeout libpq waits for the operating system's TCP timeout (minutes) when the server's host does
// not answer: a node would hang its worker threads instead of answering 503.
constexpr const char* k_connect_timeout_seconds = "5";

std::string with_connect_timeout(const std::string& url) {
  if (url.find("connect_timeout=") != std::string::npos) {
    return url;
  }
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + k_connect_timeout_seconds;
}

} // namespace

// One connection with the nontransaction that every statement runs through: the store sends BEGIN, SAVEPOINT and
// COMMIT itself, because its transactions are opened and ended by separate calls (Store::begin and Store::end)
// rather than by a scope.
struct Link {
  // libpqxx 6 would otherwise reconnect silently after a lost connection: the statements after it would run outside
  // the transaction the store opened (and without its session settings). A lost connection stays lost; the caller
  // opens a new store (the HTTP layer does so after a 503).
  // (Deprecated because libpqxx 7 dropped reactivation altogether, which is the behaviour wanted here.)
  explicit Link(const std::string& url) : connection(with_connect_timeout(url)), work(connection) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    connection.inhibit_reactivation(true);
#pragma GCC diagnostic pop
  }
  pqxx::connection connection;
  pqxx::nontransaction work;
  std::int64_t changes = 0;
  // Between a BEGIN and its COMMIT or ROLLBACK.
  bool in_transaction = false;
  // A statement failed since the last BEGIN or ROLLBACK (TO): the server has aborted the transaction, and COMMIT
  // would roll it back without an error.
  bool failed = false;
};

struct Rows {
  pqxx::result result;
  pqxx::result::size_type next = 0; // the row after the current one
  // The current row, made once per step: each pqxx::row copies the result's shared pointers, so reading every
  // column through result[row][column] cost about a tenth of the client's CPU time in a ranking (bench/store.sh).
  std::optional<pqxx::row> current;
};

namespace {

// libpq's messages start with "ERROR:  " and end with a newline; the catalogue's message adds its own words.
std::string reason_of(const std::exception& failure) {
  std::string reason = failure.what();
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  "}) {
    if (reason.starts_with(prefix)) {
      reason.erase(0, prefix.size());
    }
  }
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) {
    reason.pop_back();
  }
  return reason;
}

// Integrity violations (SQLSTATE class 23: unique, foreign key, check, not null) are conflicts, as SQLite's
// constraint errors are. A lost connection (the server stopped or restarted, "terminating connection due to
// administrator command", the network gone) is unavailable: the caller drops this connection and opens a new one
// later. That includes a COMMIT whose answer never came (in doubt): the store cannot tell whether it took effect,
// and neither can the client, which reads again after the outage. Anything else is internal.
model::Error error_from(const std::exception& failure, const Link& link) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&failure);
  if (sql && sql->sqlstate().starts_with("23")) {
    return model::make_error(model::ErrorKind::conflict, "store_constraint", {{"reason", reason_of(failure)}});
  }
  // SQLSTATE class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
  const bool lost = dynamic_cast<const pqxx::broken_connection*>(&failure) != nullptr ||
                    dynamic_cast<const pqxx::in_doubt_error*>(&failure) != nullptr ||
                    (sql && (sql->sqlstate().starts_with("08") || sql->sqlstate().starts_with("57P"))) ||
                    !link.connection.is_open();
  if (lost) {
    return model::make_error(model::ErrorKind::unavailable, "store_unavailable");
  }
  return model::make_error(model::ErrorKind::internal, "store_failed", {{"reason", reason_of(failure)}});
}

// Marks `link`'s transaction failed and returns the error for `failure`. A lost connection holds no transaction
// any more: saying it does would make the next begin() on the store a "transaction open" conflict instead of the
// outage it is.
model::Error failed_with(Link& link, const std::exception& failure) {
  link.failed = true;
  auto error = error_from(failure, link);
  if (error.kind == model::ErrorKind::unavailable) {
    link.in_transaction = false;
  }
  return error;
}

// The advisory lock every write transaction takes ("kwri"), so that writers run one at a time.
constexpr long long k_write_lock = 0x6b777269;

// `sql` with each ?n outside quoted text, quoted identifiers and comments written as $n.
std::string numbered_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      auto close = sql.find(c, i + 1);
      auto end = close == std::string_view::npos ? sql.size() : close + 1;
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      auto end = std::min(sql.find('\n', i), sql.size());
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '?' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '$';
    } else {
      out += c;
    }
  }
  return out;
}

// The text between "scheme://" and the path: "user:password@host:port".
std::string_view authority_of(std::string_view url) {
  auto scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  return rest.substr(0, rest.find_first_of("/?"));
}

} // namespace

UrlParts url_parts(const std::string& url) {
  std::string_view authority = authority_of(url);
  std::string_view user;
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    user = authority.substr(0, at);
    user = user.substr(0, user.find(':'));
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  if (host.starts_with('[')) {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  UrlParts parts{std::string(host.empty() ? "localhost" : host), ""};
  auto scheme_end = url.find("://");
  auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path_start != std::string::npos) {
    parts.database = url.substr(path_start + 1, url.find('?', path_start) - path_start - 1);
  }
  if (parts.database.empty()) {
    parts.database = std::string(user);
  }
  return parts;
}

std::string with_database(const std::string& url, const std::string& database) {
  auto scheme_end = url.find("://");
  auto authority_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  auto authority_end = url.find_first_of("/?", authority_start);
  std::string query;
  if (auto query_start = url.find('?', authority_start); query_start != std::string::npos) {
    query = url.substr(query_start);
  }
  return url.substr(0, authority_end) + "/" + database + query;
}

// --- Statement

Statement::Statement(std::shared_ptr<Link> link, std::string sql) : m_link(std::move(link)), m_sql(std::move(sql)) {}

Statement::Statement(Statement&& other) noexcept = default;

Statement& Statement::operator=(Statement&& other) noexcept = default;

Statement::~Statement() = default;

Statement& Statement::bind(int index, std::string_view value) {
  if (index >= 1) {
    if (m_parameters.size() < static_cast<std::size_t>(index)) {
      m_parameters.resize(static_cast<std::size_t>(index));
    }
    m_parameters[static_cast<std::size_t>(index - 1)] = std::string(value);
  }
  return *this;
}

Statement& Statement::bind(int index, const char* value) { return bind(index, std::string_view(value)); }

Statement& Statement::bind(int index, int value) { return bind(index, std::to_string(value)); }

Statement& Statement::bind(int index, long value) { return bind(index, std::to_string(value)); }

Statement& Statement::bind(int index, long long value) { return bind(index, std::to_string(value)); }

Statement& Statement::bind(int index, double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return bind(index, std::string_view(buffer, ec == std::errc{} ? static_cast<std::size_t>(end - buffer) : 0));
}

Statement& Statement::bind_null(int index) {
  if (index >= 1) {
    if (m_parameters.size() < static_cast<std::size_t>(index)) {
      m_parameters.resize(static_cast<std::size_t>(index));
    }
    m_parameters[static_cast<std::size_t>(index - 1)].reset();
  }
  return *this;
}

Result<bool> Statement::step() {
  if (!m_rows) {
    std::vector<const char*> values;
    values.reserve(m_parameters.size());
    for (const auto& parameter : m_parameters) {
      values.push_back(parameter ? parameter->c_str() : nullptr);
    }
    try {
      auto result = m_link->work.exec_params(m_sql, pqxx::prepare::make_dynamic_params(values));
      m_link->changes = static_cast<std::int64_t>(result.affected_rows());
      m_rows = std::make_unique<Rows>(Rows{std::move(result), 0, std::nullopt});
    } catch (const std::exception& failure) {
      return tl::unexpected(failed_with(*m_link, failure));
    }
  }
  if (m_rows->next < m_rows->result.size()) {
    m_rows->current.emplace(m_rows->result[m_rows->next]);
    ++m_rows->next;
    return true;
  }
  // Done: like an SQLite statement, the next step runs it again.
  m_rows.reset();
  return false;
}

Result<void> Statement::run() {
  while (true) {
    auto row = step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return {};
    }
  }
}

void Statement::reset() {
  m_rows.reset();
  m_parameters.clear();
}

std::string Statement::text(int column) const {
  const auto field = (*m_rows->current)[column];
  return field.is_null() ? std::string() : std::string(field.c_str(), field.size());
}

std::int64_t Statement::integer(int column) const {
  const auto field = (*m_rows->current)[column];
  std::int64_t value = 0;
  if (!field.is_null()) {
    std::from_chars(field.c_str(), field.c_str() + field.size(), value);
  }
  return value;
}

double Statement::real(int column) const {
  const auto field = (*m_rows->current)[column];
  double value = 0;
  if (!field.is_null()) {
    std::from_chars(field.c_str(), field.c_str() + field.size(), value);
  }
  return value;
}

bool Statement::is_null(int column) const { return (*m_rows->current)[column].is_null(); }

std::optional<std::string> Statement::optional_text(int column) const {
  return is_null(column) ? std::nullopt : std::optional<std::string>(text(column));
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  return is_null(column) ? std::nullopt : std::optional<std::int64_t>(integer(column));
}

std::optional<double> Statement::optional_real(int column) const {
  return is_null(column) ? std::nullopt : std::optional<double>(real(column));
}

// --- Connection

Connection::Connection(std::shared_ptr<Link> link) : m_link(std::move(link)) {}

Connection::Connection(Connection&& other) noexcept = default;

Connection& Connection::operator=(Connection&& other) noexcept = default;

Connection::~Connection() = default;

Result<Connection> Connection::open(const std::string& url) {
  auto parts = url_parts(url);
  try {
    auto link = std::make_shared<Link>(url);
    // UTF-8 whatever the server's default; lock_timeout makes a writer waiting for the write lock give up after
    // 5 s, as SQLite's busy timeout does.
    link->work.exec("SET client_encoding = 'UTF8'; SET lock_timeout = '5s'");
    return Connection(std::move(link));
  } catch (const std::exception& failure) {
    std::string reason = reason_of(failure);
    // libpq may quote parts of a malformed URL: the password is cut out of whatever it says.
    std::string_view authority = authority_of(url);
    if (auto at = authority.rfind('@'), colon = authority.find(':');
        at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
      std::string password(authority.substr(colon + 1, at - colon - 1));
      for (auto found = reason.find(password); !password.empty() && found != std::string::npos;
           found = reason.find(password)) {
        reason.replace(found, password.size(), "***");
      }
    }
    // A server that does not answer, or answers that it is starting or shutting down, may be back in a moment;
    // one that answers (a wrong password, an unknown database or role) needs the user to change the URL.
    const auto ping = PQping(with_connect_timeout(url).c_str());
    if (ping == PQPING_NO_RESPONSE || ping == PQPING_REJECT) {
      return model::fail(model::ErrorKind::unavailable, "store_unreachable",
                         {{"host", parts.host}, {"database", parts.database}, {"reason", reason}}, "db");
    }
    return model::fail(model::ErrorKind::bad_input, "store_connect_failed",
                       {{"host", parts.host}, {"database", parts.database}, {"reason", reason}}, "db");
  }
}

Result<Statement> Connection::prepare(std::string_view sql) { return Statement(m_link, numbered_parameters(sql)); }

Result<void> Connection::execute(std::string_view sql) {
  try {
    auto result = m_link->work.exec(std::string(sql));
    m_link->changes = static_cast<std::int64_t>(result.affected_rows());
    if (sql.starts_with("BEGIN") || sql.starts_with("ROLLBACK")) {
      m_link->failed = false;
    }
    track_transaction(sql);
    return {};
  } catch (const std::exception& failure) {
    track_transaction(sql);
    return tl::unexpected(failed_with(*m_link, failure));
  }
}

void Connection::track_transaction(std::string_view sql) {
  // A failed BEGIN leaves its (aborted) transaction open; COMMIT and ROLLBACK end it even when they fail.
  if (sql.starts_with("BEGIN")) {
    m_link->in_transaction = true;
  } else if (sql == "COMMIT" || sql == "ROLLBACK") {
    m_link->in_transaction = false;
  }
}

Result<void> Connection::execute_script(std::string_view script) { return execute(script); }

Result<void> Connection::commit() {
  // COMMIT of a transaction that an error has aborted would roll it back and report success.
  if (m_link->failed) {
    (void)execute("ROLLBACK");
    return model::fail(model::ErrorKind::internal, "store_failed",
                       {{"reason", "the transaction was rolled back after an earlier failure"}});
  }
  return execute("COMMIT");
}

std::int64_t Connection::changes() const { return m_link->changes; }

bool Connection::in_transaction() const { return m_link->in_transaction; }

Result<void> Connection::begin_read() { return execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }

Result<void> Connection::begin_write() {
  // READ COMMITTED with one writer at a time is what SQLite's BEGIN IMMEDIATE gives: every check a method makes
  // before it writes (a taken id, a score's version) still holds when it writes, and no write fails with a
  // serialization error that the caller would have to retry.
  if (auto begun = execute("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" +
                           std::to_string(k_write_lock) + ")");
      !begun) {
    (void)rollback();
    return begun;
  }
  return {};
}

Result<void> Connection::rollback() { return execute("ROLLBACK"); }

Result<std::vector<long long>> Connection::reserve_ids(const char* table, std::size_t count) {
  // SQLite's MAX(id) + 1 could not be shared by concurrent sessions; a sequence can.
  auto query = prepare("SELECT nextval(pg_get_serial_sequence(?1::text, 'id')) FROM generate_series(1, ?2::integer)");
  if (!query) {
    return tl::unexpected(query.error());
  }
  query->bind(1, table).bind(2, static_cast<long long>(count));
  std::vector<long long> ids;
  while (true) {
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      break;
    }
    ids.push_back(query->integer(0));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

} // namespace kompass::store::postgres
