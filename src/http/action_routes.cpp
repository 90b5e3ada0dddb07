#include "http/action_routes.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/actions.hpp"
#include "app/text.hpp"
#include "report/external.hpp"

namespace kompass::http {

using model::ErrorKind;
using model::Result;
using nlohmann::json;

namespace {

#define ACTION_TRY(var, expr)                                                                                          \
  auto var = (expr);                                                                                                   \
  if (!var) {                                                                                                          \
    return tl::unexpected(var.error());                                                                                \
  }

Result<void> invalid(const std::string& name) {
  return model::fail(ErrorKind::malformed, "field_invalid", {{"field", name}}, name);
}

// Sets `target` from the string member `name` when the body has it (null counts as absent).
Result<void> read_text(const json& body, const std::string& name, std::optional<std::string>& target) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    return {};
  }
  if (!found->is_string()) {
    return invalid(name);
  }
  target = found->get<std::string>();
  return {};
}

Result<app::ActionInput> input_from(const json& body) {
  app::ActionInput input;
  const std::pair<const char*, std::optional<std::string>*> texts[] = {{"title", &input.title},
                                                                       {"description", &input.description},
                                                                       {"owner", &input.owner},
                                                                       {"start_date", &input.start_date},
                                                                       {"due_date", &input.due_date},
                                                                       {"status", &input.status},
                                                                       {"expected_effect", &input.expected_effect}};
  for (const auto& [name, target] : texts) {
    if (auto read = read_text(body, name, *target); !read) {
      return tl::unexpected(read.error());
    }
  }
  if (auto area = body.find("area"); area != body.end() && !area->is_null()) {
    if (!area->is_number_integer()) {
      return tl::unexpected(invalid("area").error());
    }
    input.area = area->get<int>();
  }
  if (auto findings = body.find("findings"); findings != body.end() && !findings->is_null()) {
    if (!findings->is_array()) {
      return tl::unexpected(invalid("findings").error());
    }
    std::vector<long> ids;
    for (const auto& item : *findings) {
      if (!item.is_number_integer()) {
        return tl::unexpected(invalid("findings").error());
      }
      ids.push_back(item.get<long>());
    }
    input.finding_ids = std::move(ids);
  }
  return input;
}

Result<long> action_id_of(const Exchange& ex) {
  try {
    return std::stol(ex.capture(1));
  } catch (const std::exception&) {
    return model::fail(ErrorKind::not_found, "unknown_action", {{"id", ex.capture(1)}}, "id");
  }
}

Result<void> send_action(Exchange& ex, const model::Action& action, int status) {
  send_json(ex.response, status, app::action_json(action, app::today_iso()));
  return {};
}

} // namespace

Result<std::string> authorize_action(Exchange& ex, long action_id, bool edit) {
  ACTION_TRY(action, app::find_action(ex.store, action_id));
  auto access = app::authorize(ex.store, ex.viewer, action->evaluation_id,
                               edit ? app::Permission::edit_actions : app::Permission::read_actions);
  if (!access) {
    if (access.error().kind == ErrorKind::not_found) {
      return model::fail(ErrorKind::not_found, "unknown_action", {{"id", std::to_string(action_id)}}, "id");
    }
    return tl::unexpected(access.error());
  }
  return action->evaluation_id;
}

Result<void> get_actions(Exchange& ex) {
  const auto id = ex.capture(1);
  ACTION_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read_actions));
  ACTION_TRY(actions, app::list_actions(ex.store, id));
  send_json(ex.response, 200, app::actions_json(*actions, app::today_iso()));
  return {};
}

Result<void> post_action(Exchange& ex) {
  const auto id = ex.capture(1);
  ACTION_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::edit_actions));
  ACTION_TRY(body, request_json(ex));
  ACTION_TRY(input, input_from(*body));
  ACTION_TRY(added, app::add_action(ex.store, id, *input));
  ACTION_TRY(action, app::find_action(ex.store, *added));
  return send_action(ex, *action, 201);
}

Result<void> get_action(Exchange& ex) {
  ACTION_TRY(action_id, action_id_of(ex));
  ACTION_TRY(evaluation, authorize_action(ex, *action_id, false));
  ACTION_TRY(action, app::find_action(ex.store, *action_id));
  return send_action(ex, *action, 200);
}

Result<void> patch_action(Exchange& ex) {
  ACTION_TRY(action_id, action_id_of(ex));
  ACTION_TRY(evaluation, authorize_action(ex, *action_id, true));
  ACTION_TRY(body, request_json(ex));
  ACTION_TRY(input, input_from(*body));
  ACTION_TRY(action, app::update_action(ex.store, *action_id, *input));
  return send_action(ex, *action, 200);
}

Result<void> post_action_note(Exchange& ex) {
  ACTION_TRY(action_id, action_id_of(ex));
  ACTION_TRY(evaluation, authorize_action(ex, *action_id, true));
  ACTION_TRY(body, request_json(ex));
  std::optional<std::string> text;
  std::optional<std::string> date;
  if (auto read = read_text(*body, "text", text); !read) {
    return read;
  }
  if (!text) {
    return model::fail(ErrorKind::malformed, "field_missing", {{"field", "text"}}, "text");
  }
  if (auto read = read_text(*body, "date", date); !read) {
    return read;
  }
  model::ProgressNote note{date.value_or(""), *text, ex.actor()};
  ACTION_TRY(action, app::add_action_note(ex.store, *action_id, note));
  return send_action(ex, *action, 201);
}

Result<void> get_action_plan(Exchange& ex) {
  const auto id = ex.capture(1);
  ACTION_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read_actions));
  ACTION_TRY(plan, app::action_plan(ex.store, id));
  send_json(ex.response, 200, app::action_plan_json(*plan));
  return {};
}

Result<void> get_action_plan_file(Exchange& ex) {
  const auto id = ex.capture(1);
  ACTION_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read_actions));
  auto format = app::parse_report_format(ex.capture(2));
  if (!format || *format == app::ReportFormat::docx) {
    return model::fail(ErrorKind::not_found, "unknown_page", {{"path", ex.request.path}});
  }
  return send_action_plan(ex, id, *format);
}

Result<void> send_action_plan(Exchange& ex, const std::string& id, app::ReportFormat format) {
  std::string language = ex.language == model::UiLanguage::en ? "en" : "sv";
  if (auto asked = ex.param("lang"); asked == "sv" || asked == "nb" || asked == "en") {
    language = asked;
  }
  // The exporters write files (WeasyPrint, libxlsxwriter); write into a private folder and send the bytes.
  ACTION_TRY(folder, report::TemporaryFolder::create());
  const char* extension = format == app::ReportFormat::xlsx  ? ".xlsx"
                          : format == app::ReportFormat::pdf ? ".pdf"
                                                             : ".html";
  const std::string name = id + "-action-plan" + extension;
  const std::string path = folder->path() + "/" + name;
  if (auto written = app::write_action_plan(ex.store, id, format, language, path); !written) {
    return written;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  ex.response.set_header("Cache-Control", "private, no-store");
  if (format == app::ReportFormat::html) {
    ex.response.set_content(bytes.str(), "text/html; charset=utf-8");
    return {};
  }
  ex.response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  ex.response.set_content(bytes.str(), format == app::ReportFormat::xlsx
                                           ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                           : "application/pdf");
  return {};
}

} // namespace kompass::http
