#include <algorithm>
#include <chrono>
#include <exception>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/catalog.hpp"
#include "app/search.hpp"
#include "app/text.hpp"
#include "http/exchange.hpp"

namespace kompass::http {

using model::ErrorKind;

namespace {

long long steady_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// One store per worker thread: a Store is not thread-safe, and SQLite's busy timeout makes concurrent
// writers wait for each other instead of failing.
struct ThreadStore {
  const Service* owner = nullptr;
  std::unique_ptr<store::Store> store;
};
thread_local ThreadStore t_store;

// Seconds a client is asked to wait (Retry-After) before trying again after a 503.
constexpr int k_retry_after_seconds = 5;

// While the database is down every request fails alike: its reason is written to the node's standard error at most
// once per interval, and never to the client, which gets the catalogue's plain "try again" (no host, no URL).
constexpr long long k_outage_log_interval_seconds = 10;
std::atomic<long long> g_outage_logged_at{-k_outage_log_interval_seconds};

void log_outage(Service& service, const model::Error& error) {
  const auto now = steady_seconds();
  auto last = g_outage_logged_at.load();
  if (now - last < k_outage_log_interval_seconds || !g_outage_logged_at.compare_exchange_strong(last, now)) {
    return;
  }
  const auto language = service.options().log_language;
  service.log(model::message(language, "serve_store_unavailable", {{"reason", model::render(language, error)}}));
}

bool state_changing(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// ?lang= first, then the cookie the language switch sets, then the browser's Accept-Language.
model::UiLanguage language_of(const httplib::Request& request) {
  if (request.has_param("lang")) {
    return model::choose_ui_language(request.get_param_value("lang"), "");
  }
  if (auto chosen = cookie(request, k_language_cookie); !chosen.empty()) {
    return model::choose_ui_language(chosen, "");
  }
  auto accepted = request.get_header_value("Accept-Language");
  // The first listed language that we have wins; Swedish (and Norwegian/Danish readers) otherwise.
  std::istringstream parts(accepted);
  std::string part;
  while (std::getline(parts, part, ',')) {
    auto start = part.find_first_not_of(' ');
    if (start == std::string::npos) {
      continue;
    }
    auto tag = part.substr(start, 2);
    if (tag == "en") {
      return model::UiLanguage::en;
    }
    if (tag == "sv" || tag == "nb" || tag == "nn" || tag == "no" || tag == "da") {
      return model::UiLanguage::sv;
    }
  }
  return model::UiLanguage::sv;
}

} // namespace

bool RateLimiter::blocked(const std::string& key) {
  std::lock_guard lock(m_mutex);
  auto found = m_failures.find(key);
  if (found == m_failures.end()) {
    return false;
  }
  const auto oldest_counted = steady_seconds() - m_window_seconds;
  auto& times = found->second;
  std::erase_if(times, [&](long long t) { return t <= oldest_counted; });
  if (times.empty()) {
    m_failures.erase(found);
    return false;
  }
  return static_cast<int>(times.size()) >= m_attempts;
}

void RateLimiter::record_failure(const std::string& key) {
  std::lock_guard lock(m_mutex);
  // Bounded memory: a flood of distinct keys must not grow the map for ever.
  if (m_failures.size() > 100000) {
    m_failures.clear();
  }
  m_failures[key].push_back(steady_seconds());
}

void RateLimiter::reset(const std::string& key) {
  std::lock_guard lock(m_mutex);
  m_failures.erase(key);
}

model::Result<long> PageCache::sequence(store::Store& store) {
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
  if (!m_stale.load() && now_ms - m_read_at_ms.load() < k_refresh_ms) {
    return m_sequence.load();
  }
  // Clear the flag before reading, so that a change marked while we read is read again next time.
  m_stale.store(false);
  auto latest = store::in_transaction(
      store, [&] { return store.last_change(); }, store::Access::read);
  if (!latest) {
    m_stale.store(true);
    return latest;
  }
  m_sequence.store(*latest);
  m_read_at_ms.store(now_ms);
  return *latest;
}

std::optional<std::string> PageCache::find(const std::string& key, long sequence) {
  std::lock_guard lock(m_mutex);
  auto found = m_pages.find(key);
  if (found == m_pages.end() || found->second.first != sequence) {
    return std::nullopt;
  }
  return found->second.second;
}

void PageCache::put(const std::string& key, long sequence, std::string body) {
  std::lock_guard lock(m_mutex);
  if (m_pages.size() > 1000) {
    m_pages.clear();
  }
  m_pages[key] = {sequence, std::move(body)};
}

Service::Service(ServerOptions options)
    : m_options(std::move(options)), m_limiter(m_options.login_attempts, m_options.login_window_seconds) {}

Service::~Service() = default;

model::Result<store::Store*> Service::store() {
  if (t_store.owner != this || !t_store.store) {
    auto opened = store::open_store(m_options.db_location);
    if (!opened) {
      return tl::unexpected(opened.error());
    }
    t_store.store = std::move(*opened);
    t_store.owner = this;
  }
  return t_store.store.get();
}

void Service::drop_store() {
  if (t_store.owner == this) {
    t_store.store.reset();
    t_store.owner = nullptr;
  }
}

model::Result<void> Service::open_index(store::Store& store) {
  if (m_index) {
    return {};
  }
  const auto preferred = m_options.index.value_or(app::index_path_for(m_options.db_location));
  // Another node on this machine serving the same database holds the shared folder: this node keeps an
  // index of its own instead, which the follower keeps in step just the same.
  auto opened = app::open_node_index(store, preferred, preferred + "-" + std::to_string(m_options.port));
  if (!opened) {
    return tl::unexpected(opened.error());
  }
  if (opened->fell_back) {
    log(model::message(m_options.log_language, "serve_index_fallback",
                       {{"path", preferred}, {"fallback", opened->path}}));
  }
  log(model::message(m_options.log_language, "serve_index_opened",
                     {{"path", opened->path}, {"change", std::to_string(opened->index->applied_change())}}));
  m_index = std::move(opened->index);
  return {};
}

model::Result<void> Service::with_index(store::Store& store,
                                        const std::function<model::Result<void>(search::Index&)>& work) {
  std::lock_guard lock(m_index_mutex);
  if (m_index) {
    if (auto synced = app::sync_index(store, *m_index, app::SyncMode::catch_up); !synced) {
      return tl::unexpected(synced.error());
    }
  } else if (auto opened = open_index(store); !opened) {
    return opened;
  }
  return work(*m_index);
}

model::Result<void> Service::follow(store::Store& store) {
  m_cache.mark_stale();
  if (auto sequence = m_cache.sequence(store); !sequence) {
    return tl::unexpected(sequence.error());
  }
  std::lock_guard lock(m_index_mutex);
  if (!m_index) {
    return open_index(store);
  }
  auto synced = app::sync_index(store, *m_index, app::SyncMode::catch_up);
  if (!synced && synced.error().code == "search_index_corrupt") {
    synced = app::sync_index(store, *m_index, app::SyncMode::rebuild);
  }
  if (!synced) {
    return tl::unexpected(synced.error());
  }
  if (synced->evaluations > 0 || synced->mode == app::SyncMode::rebuild) {
    std::ostringstream seconds;
    seconds.precision(3);
    seconds << synced->seconds;
    log(model::message(m_options.log_language, "serve_index_followed",
                       {{"change", std::to_string(synced->applied_change)},
                        {"evaluations", std::to_string(synced->evaluations)},
                        {"seconds", seconds.str()}}));
  }
  return {};
}

void Service::log(const std::string& line) {
  if (m_log == nullptr) {
    return;
  }
  // Built outside the lock and written in one piece, so threads wait for each other only for the write.
  std::string text = app::iso_utc(std::chrono::system_clock::now());
  text += ' ';
  text += line;
  text += '\n';
  std::lock_guard lock(m_log_mutex);
  m_log->write(text.data(), static_cast<std::streamsize>(text.size()));
  m_log->flush();
}

std::string Exchange::param(const std::string& name) const {
  return request.has_param(name) ? request.get_param_value(name) : std::string();
}

std::string Exchange::capture(std::size_t index) const {
  return index < request.matches.size() ? std::string(request.matches[index]) : std::string();
}

std::string Exchange::actor() const { return viewer.user ? viewer.user->username : "anonymous"; }

int status_for(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::malformed:
    return 400;
  case ErrorKind::unauthenticated:
    return 401;
  case ErrorKind::forbidden:
    return 403;
  case ErrorKind::not_found:
    return 404;
  case ErrorKind::conflict:
    return 409;
  case ErrorKind::bad_input:
    return 422;
  case ErrorKind::rate_limited:
    return 429;
  case ErrorKind::internal:
    return 500;
  case ErrorKind::unavailable:
    return 503;
  }
  return 500;
}

void set_retry_after(httplib::Response& response) {
  if (response.status == 503) {
    response.set_header("Retry-After", std::to_string(k_retry_after_seconds));
    response.set_header("Cache-Control", "no-store");
  }
}

void send_json(httplib::Response& response, int status, const std::string& body) {
  response.status = status;
  response.set_content(body, k_json_type);
}

void send_error_json(Exchange& exchange, const model::Error& error) {
  nlohmann::json body;
  body["error"] = {{"code", error.code},
                   {"message", model::render(exchange.language, error)},
                   {"field", error.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(error.field)}};
  if (!error.args.empty()) {
    body["error"]["details"] = error.args;
  }
  send_json(exchange.response, status_for(error.kind), body.dump(2));
}

std::string cookie(const httplib::Request& request, const std::string& name) {
  auto header = request.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    auto end = header.find(';', at);
    if (end == std::string::npos) {
      end = header.size();
    }
    auto pair = header.substr(at, end - at);
    auto start = pair.find_first_not_of(' ');
    if (start != std::string::npos) {
      pair = pair.substr(start);
      auto equals = pair.find('=');
      if (equals != std::string::npos && pair.substr(0, equals) == name) {
        return pair.substr(equals + 1);
      }
    }
    at = end + 1;
  }
  return {};
}

std::string session_cookie(const Service& service, const std::string& token) {
  std::string value = std::string(k_session_cookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (token.empty()) {
    value += "; Max-Age=0";
  }
  if (service.options().cookies == CookieSecurity::secure) {
    value += "; Secure";
  }
  return value;
}

std::string client_address(const httplib::Request& request, const std::vector<std::string>& trusted_proxies) {
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), request.remote_addr) == trusted_proxies.end()) {
    return request.remote_addr;
  }
  // Earlier entries are whatever the client chose to send; only the one the proxy appended can be believed.
  auto forwarded = request.get_header_value("X-Forwarded-For");
  const auto comma = forwarded.rfind(',');
  const auto last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
  auto start = last.find_first_not_of(' ');
  auto end = last.find_last_not_of(' ');
  return start == std::string::npos ? request.remote_addr : last.substr(start, end - start + 1);
}

model::Result<app::NewSession> sign_in_limited(Exchange& exchange, const std::string& username,
                                               const std::string& password) {
  auto& limiter = exchange.service.login_limiter();
  const std::string user_key = "user:" + username;
  const std::string address_key =
      "addr:" + client_address(exchange.request, exchange.service.options().trusted_proxies);
  if (limiter.blocked(user_key) || limiter.blocked(address_key)) {
    return model::fail(ErrorKind::rate_limited, "login_rate_limited", {}, "username");
  }
  auto session = app::sign_in(exchange.store, username, password, exchange.service.options().session_seconds);
  if (!session) {
    if (session.error().kind == ErrorKind::unauthenticated) {
      limiter.record_failure(user_key);
      limiter.record_failure(address_key);
    }
    return session;
  }
  limiter.reset(user_key);
  exchange.response.set_header("Set-Cookie", session_cookie(exchange.service, session->token));
  return session;
}

httplib::Server::Handler route(Service& service, Face face, Handler handler, Csrf csrf) {
  return [&service, face, csrf, handler = std::move(handler)](const httplib::Request& request,
                                                              httplib::Response& response) {
    const auto language = language_of(request);
    auto fail_early = [&](const model::Error& error) {
      // Without a store there is no Exchange; answer in the route's form all the same.
      response.status = status_for(error.kind);
      if (face == Face::api) {
        nlohmann::json body;
        body["error"] = {{"code", error.code}, {"message", model::render(language, error)}, {"field", nullptr}};
        response.set_content(body.dump(2), k_json_type);
      } else {
        send_error_page_without_store(request, response, language, error);
      }
      set_retry_after(response);
    };
    auto opened = service.store();
    if (!opened) {
      // The node was started with this database, so whatever keeps it from opening now (the server down or
      // restarting, connections refused) is an outage, not the request's fault; nothing is cached, and the next
      // request tries again.
      log_outage(service, opened.error());
      fail_early(model::make_error(ErrorKind::unavailable, "store_unavailable"));
      return;
    }
    store::Store& store = **opened;
    Exchange exchange{request, response, service, store, {}, std::nullopt, language};
    auto finish = [&](const model::Error& error) {
      if (face == Face::api) {
        send_error_json(exchange, error);
      } else {
        send_error_page(exchange, error);
      }
    };
    // A lost connection stays lost: after any 503 (however the handler answered it) the thread's store is dropped,
    // once the handler is done with it, so that the next request on this thread connects again.
    struct DropWhenUnavailable {
      Service& service;
      httplib::Response& response;
      ~DropWhenUnavailable() {
        if (response.status == 503) {
          service.drop_store();
          set_retry_after(response);
        }
      }
    } drop{service, response};
    try {
      auto signed_in = app::session_user(store, cookie(request, k_session_cookie));
      if (!signed_in) {
        finish(signed_in.error());
        return;
      }
      if (*signed_in) {
        exchange.session = **signed_in;
        exchange.viewer.user = (*signed_in)->user;
      }
      // A signed-in browser sends its cookie with every request, also one forged by another site: the CSRF
      // token, which only our pages and the sign-in answer reveal, proves the request came from us.
      if (csrf == Csrf::check && exchange.session && state_changing(request.method)) {
        auto sent = request.get_header_value("X-CSRF-Token");
        if (sent.empty()) {
          sent = exchange.param("_csrf");
        }
        if (!app::secrets_equal(sent, exchange.session->csrf_token)) {
          finish(model::make_error(ErrorKind::forbidden, "csrf_token_invalid", {}, "_csrf"));
          return;
        }
      }
      store.set_actor(exchange.actor());
      auto handled = handler(exchange);
      if (state_changing(request.method)) {
        service.page_cache().mark_stale();
      }
      if (!handled) {
        finish(handled.error());
      }
    } catch (const std::exception& e) {
      finish(model::make_error(ErrorKind::internal, "internal_error", {{"detail", e.what()}}));
    }
  };
}

void add_readiness_route(httplib::Server& server, Service& service) {
  server.Get("/readyz", route(
                            service, Face::api,
                            [](Exchange& exchange) -> model::Result<void> {
                              auto latest = store::in_transaction(
                                  exchange.store, [&] { return exchange.store.last_change(); }, store::Access::read);
                              if (!latest) {
                                return tl::unexpected(latest.error());
                              }
                              exchange.response.set_header("Cache-Control", "no-store");
                              exchange.response.set_content("ready\n", "text/plain; charset=utf-8");
                              return {};
                            },
                            Csrf::skip));
}

model::Result<nlohmann::json> request_json(const Exchange& exchange) {
  auto parsed = nlohmann::json::parse(exchange.request.body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return model::fail(ErrorKind::malformed, "request_json_malformed",
                       {{"reason", parsed.is_discarded() ? "not JSON" : "not an object"}}, "body");
  }
  return parsed;
}

} // namespace kompass::http
