#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/messages.hpp"

namespace kompass::http {

// Whether session cookies carry the Secure attribute (set it when a TLS proxy serves the app).
enum class CookieSecurity { plain, secure };

// How `kompass serve` runs.
struct ServerOptions {
  std::string db_location;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 64;                // worker threads: one per kept-alive connection
  int login_attempts = 5;          // failed sign-ins allowed per account and per address …
  int login_window_seconds = 300;  // … within this many seconds
  long session_seconds = 8 * 3600; // how long a sign-in lasts
  CookieSecurity cookies = CookieSecurity::plain;
  std::optional<std::string> templates;     // a folder whose files replace the built-in web templates
  std::vector<std::string> trusted_proxies; // addresses whose X-Forwarded-For names the client (a load balancer)
  std::optional<std::string> index;         // the search index folder; app::index_path_for(db_location) otherwise
  model::UiLanguage log_language = model::UiLanguage::sv; // of the log lines that are not access log lines
};

// Serves the web application and the JSON API until SIGTERM or SIGINT, then lets requests in flight finish.
// Calls `on_ready` with the base URL once the port is bound. Writes one access log line per request to `log`.
// A follower thread catches the search index and the page cache up with the store twice a second,
// so changes made through other nodes (or the CLI) are searchable without a search here; when the index folder
// is held by another process, the node uses the folder with "-PORT" appended and logs one line saying so.
// Fails with bad_input "listen_failed" when the address cannot be bound.
model::Result<void> serve(const ServerOptions& options, std::ostream& log,
                          const std::function<void(const std::string& url)>& on_ready);

} // namespace kompass::http
