#pragma once

// Internal to src/http: what every route handler gets, and the helpers that answer a request. Only .cpp
// files of this folder include it (it exposes cpp-httplib types).

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/access.hpp"
#include "app/accounts.hpp"
#include "app/reports.hpp"
#include "http/server.hpp"
#include "model/messages.hpp"
#include "search/search.hpp"
#include "store/store.hpp"

namespace kompass::http {

// Failed sign-ins counted per key (an account or an address) over a sliding window. Thread-safe.
class RateLimiter {
public:
  RateLimiter(int attempts, int window_seconds) : m_attempts(attempts), m_window_seconds(window_seconds) {}
  // True when `key` has used up its attempts within the window.
  bool blocked(const std::string& key);
  // Records one failed attempt for `key`.
  void record_failure(const std::string& key);
  // Forgets `key`'s failures (after a successful sign-in).
  void reset(const std::string& key);

private:
  int m_attempts;
  int m_window_seconds;
  std::mutex m_mutex;
  std::map<std::string, std::vector<long long>> m_failures; // key → failure times (steady seconds)
};

// Rendered pages for the public, reused until the store records any change. Thread-safe.
class PageCache {
public:
  // The store's latest change sequence as this node knows it: read from `store` after a change made through
  // this node (mark_stale) and otherwise at most every k_refresh_ms, so that serving a cached page needs no
  // database work (a read transaction per request made the p99 latency under load reach a second, as
  // SQLite readers back off when many connections read at once). Changes made elsewhere (the CLI, another
  // node) are seen within k_refresh_ms.
  model::Result<long> sequence(store::Store& store);
  // Makes the next sequence() read the store: called after every state-changing request.
  void mark_stale() { m_stale.store(true); }
  // The cached body for `key` when it was rendered at change sequence `sequence`.
  std::optional<std::string> find(const std::string& key, long sequence);
  void put(const std::string& key, long sequence, std::string body);

  static constexpr long long k_refresh_ms = 250;

private:
  std::mutex m_mutex;
  std::map<std::string, std::pair<long, std::string>> m_pages;
  std::atomic<bool> m_stale{true};
  std::atomic<long> m_sequence{0};
  std::atomic<long long> m_read_at_ms{0};
};

// What the server shares between requests: options, limiter, cache, the search index. Stores are per thread.
class Service {
public:
  explicit Service(ServerOptions options);
  ~Service();

  const ServerOptions& options() const { return m_options; }
  // This thread's store (each worker thread opens its own connection on first use).
  model::Result<store::Store*> store();
  // Forgets this thread's store (closing its connection), so that the next store() opens a new one: after the
  // database went away (a 503), a connection that was lost stays lost.
  void drop_store();
  // Runs `work` with the search index (opened on first use, caught up with the store), one request at a time.
  model::Result<void> with_index(store::Store& store, const std::function<model::Result<void>(search::Index&)>& work);
  // The follower's step: re-reads the store's latest change for the page cache and catches the search index up
  // (opening it first when needed), logging a line when the index took in changes. `store` is the follower's own.
  model::Result<void> follow(store::Store& store);
  // Writes `line` (no newline) to the server log with the time in front; thread-safe. No log: nothing.
  void log(const std::string& line);
  // Where log() writes; set once before the server starts.
  void set_log(std::ostream& log) { m_log = &log; }

  RateLimiter& login_limiter() { return m_limiter; }
  PageCache& page_cache() { return m_cache; }

private:
  ServerOptions m_options;
  RateLimiter m_limiter;
  PageCache m_cache;
  std::mutex m_index_mutex;
  std::unique_ptr<search::Index> m_index;
  std::mutex m_log_mutex;
  std::ostream* m_log = nullptr;

  // Opens the index when it is not open yet; m_index_mutex must be held.
  model::Result<void> open_index(store::Store& store);
};

// One request being answered: the raw request and response, the thread's store, who is asking (with their
// session's CSRF token), and the language the answer is written in.
struct Exchange {
  const httplib::Request& request;
  httplib::Response& response;
  Service& service;
  store::Store& store;
  app::Viewer viewer;
  std::optional<app::SignedIn> session;
  model::UiLanguage language = model::UiLanguage::sv;

  // The query or form parameter `name`, or empty.
  std::string param(const std::string& name) const;
  // The path capture `index` (1-based) of the route's regular expression.
  std::string capture(std::size_t index) const;
  // The username shown in the audit log ("anonymous" never writes).
  std::string actor() const;
};

// Whether a route answers with JSON (the API) or with HTML pages (the web UI): errors take the same form.
enum class Face { api, page };

// A route's work: returns nothing when it has filled the response, an Error otherwise.
using Handler = std::function<model::Result<void>(Exchange&)>;

// Whether route() checks the CSRF token: every route does; only the answer for unrouted requests (404, 413),
// which changes nothing, skips it.
enum class Csrf { check, skip };

// Wraps a handler: opens the thread's store, reads the session cookie and the language, checks the CSRF
// token on state-changing methods (header X-CSRF-Token or form field _csrf) for signed-in users, and turns
// an Error (or an exception) into the one error response of its Face.
httplib::Server::Handler route(Service& service, Face face, Handler handler, Csrf csrf = Csrf::check);

// The one place that maps an error kind to an HTTP status.
int status_for(model::ErrorKind kind);

// For a 503 answer (the database cannot be reached now): adds Retry-After (seconds) and Cache-Control: no-store, so
// that clients and proxies try again rather than keep the failure; other answers are left alone.
void set_retry_after(httplib::Response& response);

// The content type of JSON answers. No charset parameter: JSON is UTF-8 by definition (RFC 8259), and
// cpp-httplib gzips only the exact type "application/json" (any "text/..." type too).
inline constexpr const char* k_json_type = "application/json";

// Sends `body` as JSON with `status`.
void send_json(httplib::Response& response, int status, const std::string& body);

// The request body as a JSON object; malformed "request_json_malformed" (field "body") otherwise.
model::Result<nlohmann::json> request_json(const Exchange& exchange);
// Sends {"error": {"code", "message", "field"}} in the exchange's language with the status for its kind.
void send_error_json(Exchange& exchange, const model::Error& error);

// The name of the session cookie.
inline constexpr const char* k_session_cookie = "kompass_session";
// The name of the cookie holding the chosen UI language ("sv" or "en").
inline constexpr const char* k_language_cookie = "kompass_lang";

// The value of cookie `name` in the request, or empty.
std::string cookie(const httplib::Request& request, const std::string& name);
// A Set-Cookie header value for the session cookie (HttpOnly, SameSite=Strict, Path=/, Secure over TLS);
// an empty token clears it.
std::string session_cookie(const Service& service, const std::string& token);

// The client's address: the last one in X-Forwarded-For when the request comes from one of `trusted_proxies`
// (that is the address the proxy itself saw), otherwise the connection's peer.
std::string client_address(const httplib::Request& request, const std::vector<std::string>& trusted_proxies);

// Sends evaluation `id`'s report in `format` as a download (HTML inline), in the exchange's language
// unless ?lang= names sv, nb or en; the caller has checked that the viewer may read it. Shared by the API
// and the web UI (defined in downloads.cpp).
model::Result<void> send_report(Exchange& exchange, const std::string& id, app::ReportFormat format);

// Signs in with the login limit applied, for the API and the web form alike: rate_limited
// "login_rate_limited" while the account or the request's address has used up its failed attempts, else
// app::sign_in, counting a failure against both and, on success, starting the account's count again (not the
// address's: one good sign-in must not clear the failures its guesses at other accounts collected). On
// success the session cookie is set on the response.
model::Result<app::NewSession> sign_in_limited(Exchange& exchange, const std::string& username,
                                               const std::string& password);

// Adds GET /readyz for load balancers: 200 "ready" when this node can read its database (a read transaction),
// 503 with the API's error JSON and Retry-After when it cannot. (/healthz only says the process answers.)
void add_readiness_route(httplib::Server& server, Service& service);
// Adds /api/v1/… (JSON API and its OpenAPI document).
void add_api_routes(httplib::Server& server, Service& service);
// Adds the web UI's pages, forms and the static assets; fails when the templates (an override folder
// included) cannot be loaded.
model::Result<void> add_ui_routes(httplib::Server& server, Service& service);
// Renders the error page of the web UI for `error` (used by route() for Face::page).
void send_error_page(Exchange& exchange, const model::Error& error);
// Renders the error page as the public sees it, for when there is no store to make an Exchange (route() when the
// database cannot be opened); plain text when the templates fail.
void send_error_page_without_store(const httplib::Request& request, httplib::Response& response,
                                   model::UiLanguage language, const model::Error& error);

} // namespace kompass::http
