#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "app/accounts.hpp"
#include "app/agreement.hpp"
#include "app/audit.hpp"
#include "app/municipalities.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"
#include "http/server.hpp"

namespace kompass::cli {
namespace {

// Where a new password comes from: a line on standard input (so it never shows in `ps`), or generated.
enum class PasswordSource { stdin_line, generated };

struct UserArgs {
  std::string username;
  std::string display_name;
  std::string role = "evaluator";
  std::string municipality;
  bool random_password = false;
  bool json = false;
};

model::Result<std::string> new_password(Context& ctx, PasswordSource source) {
  if (source == PasswordSource::generated) {
    return app::random_password();
  }
  std::string line;
  if (!std::getline(std::cin, line)) {
    return model::fail(model::ErrorKind::bad_input, "password_stdin_missing", {}, "password");
  }
  // A line ended by CR LF (a file written on Windows, a pasted line) does not keep the CR in the password.
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  (void)ctx;
  return line;
}

void print_generated(Context& ctx, const std::string& username, const std::string& password) {
  ctx.out << ctx.text("user_password_generated", {{"username", username}, {"password", password}}) << '\n';
}

void add_user(Context& ctx, const UserArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  auto role = model::parse_role(args.role);
  if (!role) {
    ctx.fail(model::make_error(model::ErrorKind::bad_input, "role_unknown", {{"role", args.role}}, "role"));
    return;
  }
  app::NewUser request;
  request.username = args.username;
  request.display_name = args.display_name;
  request.role = *role;
  if (!args.municipality.empty()) {
    KOMPASS_TRY(ref, app::resolve_municipality(**store, args.municipality));
    request.municipality = *ref;
  }
  const auto source = args.random_password ? PasswordSource::generated : PasswordSource::stdin_line;
  KOMPASS_TRY(password, new_password(ctx, source));
  request.password = *password;
  KOMPASS_TRY(user, app::add_user(**store, request));
  ctx.out << ctx.text("user_added", {{"username", user->username}, {"role", model::role_name(user->role)}}) << '\n';
  if (source == PasswordSource::generated) {
    print_generated(ctx, user->username, *password);
  }
}

void change_password(Context& ctx, const UserArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  const auto source = args.random_password ? PasswordSource::generated : PasswordSource::stdin_line;
  KOMPASS_TRY(password, new_password(ctx, source));
  KOMPASS_TRY(changed, app::change_password(**store, args.username, *password));
  ctx.out << ctx.text("user_password_changed", {{"username", args.username}}) << '\n';
  if (source == PasswordSource::generated) {
    print_generated(ctx, args.username, *password);
  }
}

void set_state(Context& ctx, const std::string& username, model::AccountState state) {
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(changed, app::set_account_state(**store, username, state));
  ctx.out << ctx.text(state == model::AccountState::active ? "user_enabled" : "user_disabled", {{"username", username}})
          << '\n';
}

void list_users(Context& ctx, bool json) {
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(users, app::list_users(**store));
  if (json) {
    ctx.out << app::user_list_json(*users) << '\n';
    return;
  }
  Table table({ctx.text("col_username"), ctx.text("col_name"), ctx.text("col_role"), ctx.text("col_municipality"),
               ctx.text("col_state")},
              {Align::left, Align::left, Align::left, Align::left, Align::left});
  for (const auto& user : *users) {
    table.add({user.username, user.display_name, model::role_name(user.role),
               user.municipality ? user.municipality->country + ":" + user.municipality->code : "",
               ctx.text(user.state == model::AccountState::active ? "state_active" : "state_disabled")});
  }
  table.print(ctx.out);
}

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  int threads = 64;
  int login_attempts = 5;
  int login_window = 300;
  bool secure_cookies = false;
  std::string templates;
  std::string index;
  std::vector<std::string> trusted_proxies;
};

void serve(Context& ctx, const ServeArgs& args) {
  // Open (and migrate) the store before listening, so a bad --db fails here with its own message.
  KOMPASS_TRY(store, ctx.store());
  (void)store;
  http::ServerOptions options;
  options.db_location = ctx.db_location;
  auto colon = args.listen.rfind(':');
  try {
    if (colon == std::string::npos) {
      throw std::invalid_argument("no port");
    }
    options.host = args.listen.substr(0, colon);
    options.port = std::stoi(args.listen.substr(colon + 1));
  } catch (const std::exception&) {
    ctx.fail(model::make_error(model::ErrorKind::bad_input, "listen_invalid", {{"listen", args.listen}}, "--listen"));
    return;
  }
  options.threads = args.threads;
  options.login_attempts = args.login_attempts;
  options.login_window_seconds = args.login_window;
  options.cookies = args.secure_cookies ? http::CookieSecurity::secure : http::CookieSecurity::plain;
  options.trusted_proxies = args.trusted_proxies;
  if (!args.templates.empty()) {
    options.templates = args.templates;
  }
  if (!args.index.empty()) {
    options.index = args.index;
  }
  options.log_language = ctx.language;
  auto served = http::serve(options, ctx.err, [&](const std::string& url) {
    ctx.out << ctx.text("serve_listening", {{"url", url}}) << std::endl;
  });
  if (!served) {
    ctx.fail(served.error());
    return;
  }
  ctx.out << ctx.text("serve_stopped") << '\n';
}

} // namespace

void add_user_commands(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand("user", ctx.text("cmd_user"));
  user->require_subcommand(1);

  auto args = std::make_shared<UserArgs>();
  auto* add = user->add_subcommand("add", ctx.text("cmd_user_add"));
  add->add_option("username", args->username, ctx.text("opt_username"))->required();
  add->add_option("--role", args->role, ctx.text("opt_role"))
      ->check(CLI::IsMember({"admin", "evaluator", "peer", "municipality"}));
  add->add_option("--name", args->display_name, ctx.text("opt_display_name"));
  add->add_option("--municipality", args->municipality, ctx.text("opt_user_municipality"));
  add->add_flag("--random-password", args->random_password, ctx.text("opt_random_password"));
  add->callback([&ctx, args] { add_user(ctx, *args); });

  auto* passwd = user->add_subcommand("passwd", ctx.text("cmd_user_passwd"));
  passwd->add_option("username", args->username, ctx.text("opt_username"))->required();
  passwd->add_flag("--random-password", args->random_password, ctx.text("opt_random_password"));
  passwd->callback([&ctx, args] { change_password(ctx, *args); });

  auto* disable = user->add_subcommand("disable", ctx.text("cmd_user_disable"));
  disable->add_option("username", args->username, ctx.text("opt_username"))->required();
  disable->callback([&ctx, args] { set_state(ctx, args->username, model::AccountState::disabled); });

  auto* enable = user->add_subcommand("enable", ctx.text("cmd_user_enable"));
  enable->add_option("username", args->username, ctx.text("opt_username"))->required();
  enable->callback([&ctx, args] { set_state(ctx, args->username, model::AccountState::active); });

  auto* list = user->add_subcommand("list", ctx.text("cmd_user_list"));
  list->add_flag("--json", args->json, ctx.text("opt_json"));
  list->callback([&ctx, args] { list_users(ctx, args->json); });

  auto serve_args = std::make_shared<ServeArgs>();
  auto* serve_command = app.add_subcommand("serve", ctx.text("cmd_serve"));
  serve_command->add_option("--listen", serve_args->listen, ctx.text("opt_listen"));
  serve_command->add_option("--threads", serve_args->threads, ctx.text("opt_threads"))->check(CLI::Range(1, 1024));
  serve_command->add_option("--login-attempts", serve_args->login_attempts, ctx.text("opt_login_attempts"))
      ->check(CLI::Range(1, 1000000));
  serve_command->add_option("--login-window", serve_args->login_window, ctx.text("opt_login_window"))
      ->check(CLI::Range(1, 86400 * 30));
  serve_command->add_flag("--secure-cookies", serve_args->secure_cookies, ctx.text("opt_secure_cookies"));
  serve_command->add_option("--templates", serve_args->templates, ctx.text("opt_web_templates"));
  serve_command->add_option("--index", serve_args->index, ctx.text("opt_serve_index"));
  serve_command->add_option("--trusted-proxy", serve_args->trusted_proxies, ctx.text("opt_trusted_proxy"));
  serve_command->callback([&ctx, serve_args] { serve(ctx, *serve_args); });
}

} // namespace kompass::cli

namespace kompass::cli {
namespace {

struct AccessArgs {
  std::vector<std::string> between;
  std::string id;
  std::string username;
  bool off = false;
  bool csv = false;
  bool json = false;
};

void assign(Context& ctx, const AccessArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(
      assigned, store::in_transaction(**store, [&]() -> model::Result<void> {
        if (auto access = (*store)->evaluation_access(args.id); !access) {
          return tl::unexpected(access.error());
        }
        auto user = (*store)->find_user(args.username);
        if (!user) {
          return tl::unexpected(user.error());
        }
        if (!*user) {
          return model::fail(model::ErrorKind::not_found, "unknown_user", {{"username", args.username}}, "username");
        }
        return args.off ? (*store)->unassign(args.id, args.username) : (*store)->assign(args.id, args.username);
      }));
  ctx.out << ctx.text(args.off ? "evaluation_unassigned" : "evaluation_assigned",
                      {{"id", args.id}, {"username", args.username}})
          << '\n';
}

void share(Context& ctx, const AccessArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  const auto sharing = args.off ? store::Sharing::not_shared : store::Sharing::shared;
  KOMPASS_TRY(shared, store::in_transaction(**store, [&]() -> model::Result<void> {
                if (auto access = (*store)->evaluation_access(args.id); !access) {
                  return tl::unexpected(access.error());
                }
                return (*store)->set_sharing(args.id, sharing);
              }));
  ctx.out << ctx.text(args.off ? "evaluation_unshared" : "evaluation_shared", {{"id", args.id}}) << '\n';
}

void audit(Context& ctx, const AccessArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  KOMPASS_TRY(entries, app::audit_log(**store, args.id));
  if (args.csv) {
    ctx.out << app::audit_csv(*entries);
    return;
  }
  if (args.json) {
    ctx.out << app::audit_json(*entries) << '\n';
    return;
  }
  Table table({ctx.text("col_at"), ctx.text("col_actor"), ctx.text("col_entity"), ctx.text("col_key"),
               ctx.text("col_old"), ctx.text("col_new")},
              {Align::left, Align::left, Align::left, Align::left, Align::left, Align::left});
  for (const auto& e : *entries) {
    table.add({e.at, e.actor, e.entity, e.key, e.old_value, e.new_value});
  }
  table.print(ctx.out);
}

std::string optional_decimal(const Context& ctx, const std::optional<double>& value, double scale = 1.0) {
  return value ? format_decimal(*value * scale, ctx.language, scale == 1.0 ? 2 : 0) : ctx.text("kappa_undefined");
}

void agreement(Context& ctx, const AccessArgs& args) {
  KOMPASS_TRY(store, ctx.store());
  std::optional<std::pair<std::string, std::string>> names;
  if (args.between.size() == 2) {
    names = std::make_pair(args.between[0], args.between[1]);
  }
  KOMPASS_TRY(report, app::evaluation_agreement(**store, args.id, names));
  if (args.json) {
    ctx.out << app::agreement_json(*report) << '\n';
    return;
  }
  ctx.out << ctx.text("agreement_heading",
                      {{"id", report->evaluation_id}, {"first", report->first}, {"second", report->second}})
          << '\n';
  Table table({ctx.text("col_area"), ctx.text("col_questions"), ctx.text("col_exact"), ctx.text("col_mad"),
               ctx.text("col_kappa"), ctx.text("col_reading")},
              {Align::left, Align::right, Align::right, Align::right, Align::right, Align::left});
  auto add = [&](const std::string& label, const kompass::scoring::Agreement& a) {
    table.add({label, std::to_string(a.count),
               a.exact_rate ? optional_decimal(ctx, a.exact_rate, 100.0) + " %" : ctx.text("kappa_undefined"),
               optional_decimal(ctx, a.mean_absolute_difference), optional_decimal(ctx, a.kappa),
               ctx.text("kappa_" + app::agreement_level(a))});
  };
  for (const auto& [area, a] : report->areas) {
    add(std::to_string(area), a);
  }
  add(ctx.text("agreement_total"), report->total);
  table.print(ctx.out);
  if (!report->differences.empty()) {
    ctx.out << '\n' << ctx.text("agreement_differences") << '\n';
    for (const auto& d : report->differences) {
      ctx.out << "  "
              << ctx.text("agreement_difference", {{"question", d.question},
                                                   {"first", report->first},
                                                   {"first_points", std::to_string(d.first)},
                                                   {"second", report->second},
                                                   {"second_points", std::to_string(d.second)},
                                                   {"max", std::to_string(d.max)}})
              << '\n';
    }
  }
}

} // namespace

void add_access_commands(CLI::App& app, Context& ctx) {
  auto* evaluation = app.get_subcommand("evaluation");
  auto args = std::make_shared<AccessArgs>();

  auto* assign_command = evaluation->add_subcommand("assign", ctx.text("cmd_evaluation_assign"));
  assign_command->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  assign_command->add_option("username", args->username, ctx.text("opt_username"))->required();
  assign_command->add_flag("--remove", args->off, ctx.text("opt_assign_remove"));
  assign_command->callback([&ctx, args] { assign(ctx, *args); });

  auto* share_command = evaluation->add_subcommand("share", ctx.text("cmd_evaluation_share"));
  share_command->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  share_command->add_flag("--off", args->off, ctx.text("opt_share_off"));
  share_command->callback([&ctx, args] { share(ctx, *args); });

  auto* audit_command = evaluation->add_subcommand("audit", ctx.text("cmd_evaluation_audit"));
  audit_command->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  audit_command->add_flag("--csv", args->csv, ctx.text("opt_audit_csv"));
  audit_command->add_flag("--json", args->json, ctx.text("opt_json"));
  audit_command->callback([&ctx, args] { audit(ctx, *args); });

  auto* agreement_command = evaluation->add_subcommand("agreement", ctx.text("cmd_evaluation_agreement"));
  agreement_command->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  agreement_command->add_option("--between", args->between, ctx.text("opt_agreement_between"))->expected(2);
  agreement_command->add_flag("--json", args->json, ctx.text("opt_json"));
  agreement_command->callback([&ctx, args] { agreement(ctx, *args); });
}

} // namespace kompass::cli
