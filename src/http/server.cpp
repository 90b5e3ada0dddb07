#include "http/server.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

#include "app/catalog.hpp"
#include "app/text.hpp"
#include "http/exchange.hpp"

namespace kompass::http {

namespace {

// Uploads (imports, framework files) larger than this are refused with 413 before they are read.
constexpr std::size_t k_max_body_bytes = 16 * 1024 * 1024;

// Requests one kept-alive connection may carry before the server closes it: each connection holds a worker
// thread, so a limit lets waiting connections in now and then even when every worker is busy, and a high one
// keeps reconnects rare (cpp-httplib's default is 5). Idle connections close after the keep-alive timeout.
constexpr std::size_t k_keep_alive_requests = 10000;

thread_local std::chrono::steady_clock::time_point t_request_start;

// How often the follower looks for changes made through other nodes, and how often at most it logs that it
// cannot (while the database is away it keeps trying at the same pace, which costs one connection attempt).
constexpr auto k_follow_interval = std::chrono::milliseconds(500);
constexpr auto k_follow_error_log_interval = std::chrono::seconds(10);

// The node's follower: a thread with its own store that catches the search index and the page cache up with
// changes made on any node (Service::follow). Stops and joins when destroyed, before the Service it uses.
class Follower {
public:
  explicit Follower(Service& service) : m_service(service), m_thread([this] { run(); }) {}
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;
  ~Follower() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
  }

private:
  void run() {
    std::unique_ptr<store::Store> store;
    bool failing = false; // the steps have failed since the last error line
    auto logged_at = std::chrono::steady_clock::now();
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
      lock.unlock();
      auto followed = [&]() -> model::Result<void> {
        // An exception leaving this thread would end the whole server; a failed step is only retried.
        try {
          if (!store) {
            auto opened = store::open_store(m_service.options().db_location);
            if (!opened) {
              return tl::unexpected(opened.error());
            }
            store = std::move(*opened);
          }
          return m_service.follow(*store);
        } catch (const std::exception& e) {
          return model::fail(model::ErrorKind::internal, "internal_error", {{"detail", e.what()}});
        }
      }();
      if (!followed) {
        // A lost connection does not come back by itself: open a new one next time.
        store.reset();
        const auto now = std::chrono::steady_clock::now();
        if (!failing || now - logged_at >= k_follow_error_log_interval) {
          failing = true;
          logged_at = now;
          m_service.log(
              model::message(m_service.options().log_language, "serve_follow_failed",
                             {{"reason", model::render(m_service.options().log_language, followed.error())}}));
        }
      } else if (failing) {
        failing = false;
        m_service.log(model::message(m_service.options().log_language, "serve_follow_recovered"));
      }
      lock.lock();
      m_wake.wait_for(lock, k_follow_interval, [this] { return m_stopping; });
    }
  }

  Service& m_service;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_thread; // last: started once the members above exist
};

} // namespace

model::Result<void> serve(const ServerOptions& options, std::ostream& log,
                          const std::function<void(const std::string& url)>& on_ready) {
  Service service(options);
  service.set_log(log);
  {
    // Load the shipped frameworks once here, so that worker threads never race to do it.
    auto opened = service.store();
    if (!opened) {
      return tl::unexpected(opened.error());
    }
    if (auto initialised = app::ensure_initialised(**opened); !initialised) {
      return initialised;
    }
  }

  // Block the stop signals in every thread the server starts; one thread waits for them and stops the
  // server, which then lets each worker finish the request it is answering.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  server.set_tcp_nodelay(true);
  const int threads = options.threads > 0 ? options.threads : 64;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server.set_keep_alive_max_count(k_keep_alive_requests);
  server.set_keep_alive_timeout(5);
  server.set_payload_max_length(k_max_body_bytes);
  int listening_socket = -1;
  server.set_socket_options([&listening_socket](socket_t socket) {
    httplib::default_socket_options(socket);
    listening_socket = socket;
  });

  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_request_start = std::chrono::steady_clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_logger([&](const httplib::Request& request, const httplib::Response& response) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_request_start)
            .count();
    std::string line = client_address(request, options.trusted_proxies);
    line += ' ';
    line += request.method;
    line += ' ';
    line += request.path;
    line += ' ';
    line += std::to_string(response.status);
    line += ' ';
    line += std::to_string(response.body.size());
    line += ' ';
    line += std::to_string(micros / 1000.0);
    line += "ms";
    service.log(line);
  });

  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain; charset=utf-8");
  });
  add_readiness_route(server, service);
  // cpp-httplib tries a method's routes in the order they were added, each a regular expression: the pages
  // the public reads most come first.
  if (auto added = add_ui_routes(server, service); !added) {
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    return added;
  }
  add_api_routes(server, service);

  // Requests no route matched (and bodies over the limit) still get an answer in the right form.
  auto unrouted = route(
      service, Face::page,
      [](Exchange& exchange) -> model::Result<void> {
        const int status = exchange.response.status;
        auto error = status == 413 ? model::make_error(model::ErrorKind::malformed, "request_too_large")
                                   : model::make_error(model::ErrorKind::not_found, "unknown_page",
                                                       {{"path", exchange.request.path}});
        if (exchange.request.path.starts_with("/api/")) {
          send_error_json(exchange, error);
        } else {
          send_error_page(exchange, error);
        }
        exchange.response.status = status;
        return {};
      },
      Csrf::skip);
  // cpp-httplib calls this for every answer with a status of 400 or more, routed ones too: those already have
  // their error body and must not pass through route() a second time (whose CSRF check would replace an API
  // error of a write without a valid token by an HTML page).
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([unrouted](const httplib::Request& request, httplib::Response& response) {
        if (!response.body.empty()) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        unrouted(request, response);
        return httplib::Server::HandlerResponse::Handled;
      }));

  if (!server.bind_to_port(options.host, options.port)) {
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    return model::fail(model::ErrorKind::bad_input, "listen_failed",
                       {{"address", options.host + ":" + std::to_string(options.port)}}, "listen");
  }

  // The compiled cpp-httplib listens with a backlog of 5: a burst of new connections (wrk's 64, a proxy
  // opening its pool) overflowed it, and each dropped connection attempt was retried a second later (p99
  // over 1 s). Listening again on the bound socket raises the backlog.
  if (listening_socket >= 0) {
    ::listen(listening_socket, SOMAXCONN);
  }

  // Started only now that the port is ours; destroyed (stopped and joined) before `service` on every return.
  Follower follower(service);
  std::thread stopper([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    server.stop();
  });
  on_ready("http://" + options.host + ":" + std::to_string(options.port));
  const bool listened = server.listen_after_bind();
  // Wake the stopper if listening ended some other way.
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  if (!listened) {
    return model::fail(model::ErrorKind::internal, "serve_failed");
  }
  return {};
}

} // namespace kompass::http
