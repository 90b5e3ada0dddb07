#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/access.hpp"
#include "app/accounts.hpp"
#include "app/agreement.hpp"
#include "app/audit.hpp"
#include "app/benchmarks.hpp"
#include "app/blind.hpp"
#include "app/catalog.hpp"
#include "app/comparison.hpp"
#include "app/evaluations.hpp"
#include "app/followup.hpp"
#include "app/json_views.hpp"
#include "app/municipalities.hpp"
#include "app/recommend.hpp"
#include "app/reports.hpp"
#include "app/search.hpp"
#include "app/transfer.hpp"
#include "http/action_routes.hpp"
#include "http/blind_routes.hpp"
#include "http/exchange.hpp"
#include "resources/resources.hpp"

namespace kompass::http {

using model::ErrorKind;
using model::Result;
using nlohmann::json;

namespace {

constexpr const char* k_id = "([^/]+)";

// A string member; "" when absent. A member of another type is malformed "field_invalid".
Result<std::string> text_field(const json& body, const std::string& name, bool required = false) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    if (required) {
      return model::fail(ErrorKind::malformed, "field_missing", {{"field", name}}, name);
    }
    return std::string();
  }
  if (!found->is_string()) {
    return model::fail(ErrorKind::malformed, "field_invalid", {{"field", name}}, name);
  }
  return found->get<std::string>();
}

Result<std::optional<long long>> number_field(const json& body, const std::string& name, bool required = false) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    if (required) {
      return model::fail(ErrorKind::malformed, "field_missing", {{"field", name}}, name);
    }
    return std::optional<long long>{};
  }
  if (!found->is_number_integer()) {
    return model::fail(ErrorKind::malformed, "field_invalid", {{"field", name}}, name);
  }
  return std::optional<long long>(found->get<long long>());
}

Result<std::vector<std::string>> text_list(const json& body, const std::string& name) {
  std::vector<std::string> items;
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    return items;
  }
  if (!found->is_array()) {
    return model::fail(ErrorKind::malformed, "field_invalid", {{"field", name}}, name);
  }
  for (const auto& item : *found) {
    if (!item.is_string()) {
      return model::fail(ErrorKind::malformed, "field_invalid", {{"field", name}}, name);
    }
    items.push_back(item.get<std::string>());
  }
  return items;
}

// The whole-number query parameter `name`, or nullopt when absent; malformed "field_invalid" otherwise.
Result<std::optional<int>> int_param(const Exchange& ex, const std::string& name) {
  const auto text = ex.param(name);
  if (text.empty()) {
    return std::optional<int>{};
  }
  try {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size()) {
      return std::optional<int>(value);
    }
  } catch (const std::exception&) {
    // reported below
  }
  return model::fail(ErrorKind::malformed, "field_invalid", {{"field", name}}, name);
}

#define API_TRY(var, expr)                                                                                             \
  auto var = (expr);                                                                                                   \
  if (!var) {                                                                                                          \
    return tl::unexpected(var.error());                                                                                \
  }

template <typename F>
auto reading(store::Store& store, F&& work) {
  return store::in_transaction(store, std::forward<F>(work), store::Access::read);
}

Result<void> ok_json(Exchange& exchange, const std::string& body, int status = 200) {
  send_json(exchange.response, status, body);
  return {};
}

json user_object(const model::User& user) { return json::parse(app::user_json(user)); }

Result<model::MunicipalityRef> municipality_of(store::Store& store, const json& value, const std::string& field) {
  if (value.is_string()) {
    return app::resolve_municipality(store, value.get<std::string>());
  }
  if (value.is_object() && value.contains("code") && value["code"].is_string()) {
    model::MunicipalityRef ref;
    ref.code = value["code"].get<std::string>();
    if (value.contains("country") && value["country"].is_string()) {
      ref.country = value["country"].get<std::string>();
    }
    return ref;
  }
  return model::fail(ErrorKind::malformed, "field_invalid", {{"field", field}}, field);
}

// --- session

Result<void> post_session(Exchange& ex) {
  // A cross-site form cannot send a JSON content type without the browser asking first, so requiring it
  // protects the sign-in (which has no session and so no CSRF token yet).
  if (ex.request.get_header_value("Content-Type").find("application/json") == std::string::npos) {
    return model::fail(ErrorKind::malformed, "request_json_malformed", {{"reason", "Content-Type"}}, "body");
  }
  API_TRY(body, request_json(ex));
  API_TRY(username, text_field(*body, "username", true));
  API_TRY(password, text_field(*body, "password", true));
  API_TRY(session, sign_in_limited(ex, *username, *password));
  return ok_json(ex, json{{"user", user_object(session->user)}, {"csrf_token", session->csrf_token}}.dump(2));
}

Result<void> get_session(Exchange& ex) {
  json body{{"user", nullptr}, {"csrf_token", nullptr}};
  if (ex.session) {
    body = {{"user", user_object(ex.session->user)}, {"csrf_token", ex.session->csrf_token}};
  }
  return ok_json(ex, body.dump(2));
}

Result<void> delete_session(Exchange& ex) {
  API_TRY(ended, app::sign_out(ex.store, cookie(ex.request, k_session_cookie)));
  ex.response.set_header("Set-Cookie", session_cookie(ex.service, ""));
  ex.response.status = 204;
  return {};
}

// --- frameworks

Result<void> get_frameworks(Exchange& ex) {
  API_TRY(frameworks, app::list_frameworks(ex.store));
  return ok_json(ex, app::framework_list_json(*frameworks));
}

Result<void> get_framework(Exchange& ex) {
  std::optional<std::string> version;
  if (auto v = ex.param("version"); !v.empty()) {
    version = v;
  }
  API_TRY(framework, app::get_framework(ex.store, ex.capture(1), version));
  return ok_json(ex, app::framework_json(*framework));
}

Result<void> post_framework(Exchange& ex) {
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin}));
  API_TRY(report, app::load_framework(ex.store, ex.request.body));
  return ok_json(ex,
                 json{{"id", report->id},
                      {"version", report->version},
                      {"outcome", report->outcome == app::LoadOutcome::loaded ? "loaded" : "unchanged"}}
                     .dump(2),
                 report->outcome == app::LoadOutcome::loaded ? 201 : 200);
}

// --- municipalities

Result<void> get_municipalities(Exchange& ex) {
  std::optional<std::string> country;
  if (auto c = ex.param("country"); !c.empty()) {
    country = c;
  }
  API_TRY(municipalities, app::list_municipalities(ex.store, country));
  return ok_json(ex, app::municipality_list_json(*municipalities));
}

Result<void> get_municipality(Exchange& ex) {
  API_TRY(municipality, app::get_municipality(ex.store, {ex.capture(1), ex.capture(2)}));
  return ok_json(ex, app::municipality_json(*municipality));
}

Result<void> post_municipality(Exchange& ex) {
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin, model::Role::evaluator}));
  API_TRY(body, request_json(ex));
  model::Municipality municipality;
  API_TRY(country, text_field(*body, "country"));
  API_TRY(code, text_field(*body, "code", true));
  API_TRY(name, text_field(*body, "name", true));
  API_TRY(county, text_field(*body, "county"));
  API_TRY(group, text_field(*body, "group"));
  API_TRY(population, number_field(*body, "population"));
  municipality.ref = {country->empty() ? "SE" : *country, *code};
  municipality.name = *name;
  if (!county->empty()) {
    municipality.county = *county;
  }
  if (!group->empty()) {
    municipality.group = *group;
  }
  if (*population) {
    municipality.population = static_cast<long>(**population);
  }
  API_TRY(added, app::add_municipality(ex.store, municipality));
  return ok_json(ex, app::municipality_json(municipality), 201);
}

Result<void> get_trend(Exchange& ex) {
  // Only the evaluations this viewer may read take part: filtering the finished trend would leave a visible
  // entry's difference to a hidden draft before it (and the draft's earlier evaluations) in the answer.
  auto readable = [&ex](const model::EvaluationSummary& summary) -> Result<bool> {
    if (summary.status == model::Status::published) {
      return true;
    }
    API_TRY(access, ex.store.evaluation_access(summary.id));
    return app::can_read(ex.viewer, *access);
  };
  API_TRY(trend, app::trend(ex.store, {ex.capture(1), ex.capture(2)}, readable));
  return ok_json(ex, app::trend_json(*trend));
}

// --- evaluations

Result<void> get_evaluations(Exchange& ex) {
  store::EvaluationFilter filter;
  if (auto f = ex.param("framework"); !f.empty()) {
    filter.framework_id = f;
  }
  if (auto c = ex.param("country"); !c.empty()) {
    filter.country = c;
  }
  if (auto s = ex.param("status"); !s.empty()) {
    auto status = model::parse_status(s);
    if (!status) {
      return model::fail(ErrorKind::malformed, "field_invalid", {{"field", "status"}}, "status");
    }
    filter.statuses.push_back(*status);
  }
  if (auto m = ex.param("municipality"); !m.empty()) {
    API_TRY(ref, app::resolve_municipality(ex.store, m));
    filter.municipality = *ref;
  }
  API_TRY(items, app::visible_evaluations(ex.store, ex.viewer, filter));
  return ok_json(ex, app::evaluation_list_json(*items));
}

Result<void> post_evaluation(Exchange& ex) {
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin, model::Role::evaluator}));
  API_TRY(body, request_json(ex));
  app::NewEvaluation request;
  if (!body->contains("municipality")) {
    return model::fail(ErrorKind::malformed, "field_missing", {{"field", "municipality"}}, "municipality");
  }
  API_TRY(ref, municipality_of(ex.store, (*body)["municipality"], "municipality"));
  request.municipality = *ref;
  API_TRY(year, number_field(*body, "year", true));
  request.year = static_cast<int>(**year);
  API_TRY(framework, text_field(*body, "framework", true));
  request.framework = *framework;
  API_TRY(version, text_field(*body, "framework_version"));
  if (!version->empty()) {
    request.framework_version = *version;
  }
  API_TRY(granularity, text_field(*body, "granularity"));
  if (!granularity->empty()) {
    request.granularity = model::parse_granularity(*granularity);
    if (!request.granularity) {
      return model::fail(ErrorKind::bad_input, "field_invalid", {{"field", "granularity"}}, "granularity");
    }
  }
  API_TRY(language, text_field(*body, "language"));
  if (!language->empty()) {
    request.language = *language;
  }
  if (auto found = body->find("evaluators"); found != body->end() && found->is_array()) {
    for (const auto& item : *found) {
      model::Evaluator evaluator;
      API_TRY(name, text_field(item, "name", true));
      API_TRY(organisation, text_field(item, "organisation"));
      API_TRY(role, text_field(item, "role"));
      evaluator.name = *name;
      evaluator.organisation = *organisation;
      if (!role->empty()) {
        auto parsed = model::parse_evaluator_role(*role);
        if (!parsed) {
          return model::fail(ErrorKind::bad_input, "field_invalid", {{"field", "evaluators.role"}}, "evaluators");
        }
        evaluator.role = *parsed;
      }
      request.evaluators.push_back(evaluator);
    }
  }
  API_TRY(id, app::create_evaluation(ex.store, request));
  // Whoever creates an evaluation works on it.
  API_TRY(assigned, store::in_transaction(ex.store, [&] { return ex.store.assign(*id, ex.viewer.user->username); }));
  API_TRY(view, app::show_evaluation(ex.store, *id));
  ex.response.set_header("Location", "/api/v1/evaluations/" + *id);
  return ok_json(ex, app::evaluation_view_json(*view), 201);
}

Result<void> get_evaluation(Exchange& ex) {
  API_TRY(access, app::authorize(ex.store, ex.viewer, ex.capture(1), app::Permission::read));
  API_TRY(view, app::show_evaluation(ex.store, ex.capture(1)));
  return ok_json(ex, app::evaluation_view_json(*view));
}

Result<void> put_status(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::edit));
  API_TRY(body, request_json(ex));
  API_TRY(text, text_field(*body, "status", true));
  auto status = model::parse_status(*text);
  if (!status) {
    return model::fail(ErrorKind::bad_input, "field_invalid", {{"field", "status"}}, "status");
  }
  if (app::permission_for_status(*status) != app::Permission::edit) {
    API_TRY(managed, app::authorize(ex.store, ex.viewer, id, app::permission_for_status(*status)));
  }
  API_TRY(set, app::set_status(ex.store, id, *status));
  API_TRY(view, app::show_evaluation(ex.store, id));
  return ok_json(ex, app::evaluation_view_json(*view));
}

Result<void> put_sharing(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::manage));
  API_TRY(body, request_json(ex));
  auto shared = body->find("shared");
  if (shared == body->end() || !shared->is_boolean()) {
    return model::fail(ErrorKind::malformed, "field_invalid", {{"field", "shared"}}, "shared");
  }
  const auto sharing = shared->get<bool>() ? store::Sharing::shared : store::Sharing::not_shared;
  API_TRY(set, store::in_transaction(ex.store, [&] { return ex.store.set_sharing(id, sharing); }));
  return ok_json(ex, json{{"shared", shared->get<bool>()}}.dump(2));
}

Result<void> change_assignment(Exchange& ex, bool assign) {
  const auto id = ex.capture(1);
  const auto username = ex.capture(2);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin}));
  API_TRY(changed, store::in_transaction(ex.store, [&]() -> Result<void> {
            API_TRY(user, ex.store.find_user(username));
            if (!*user) {
              return model::fail(ErrorKind::not_found, "unknown_user", {{"username", username}}, "username");
            }
            return assign ? ex.store.assign(id, username) : ex.store.unassign(id, username);
          }));
  ex.response.status = 204;
  return {};
}

// --- evidence, findings, scores

Result<void> get_sources(Exchange& ex) {
  API_TRY(access, app::authorize(ex.store, ex.viewer, ex.capture(1), app::Permission::read));
  API_TRY(view, app::show_evaluation(ex.store, ex.capture(1)));
  return ok_json(ex, app::source_list_json(view->evaluation));
}

Result<void> post_source(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::edit));
  API_TRY(body, request_json(ex));
  model::Source source;
  API_TRY(kind, text_field(*body, "kind", true));
  auto parsed = model::parse_source_kind(*kind);
  if (!parsed) {
    return model::fail(ErrorKind::bad_input, "field_invalid", {{"field", "kind"}}, "kind");
  }
  source.kind = *parsed;
  API_TRY(key, text_field(*body, "key"));
  API_TRY(title, text_field(*body, "title"));
  API_TRY(date, text_field(*body, "date"));
  API_TRY(document_kind, text_field(*body, "document_kind"));
  API_TRY(url, text_field(*body, "url"));
  API_TRY(people, number_field(*body, "people"));
  source.key = *key;
  source.title = *title;
  source.date = *date;
  source.document_kind = *document_kind;
  source.url = *url;
  if (*people) {
    source.people = static_cast<int>(**people);
  }
  API_TRY(added, app::add_source(ex.store, id, source));
  return ok_json(ex, json{{"key", *added}}.dump(2), 201);
}

Result<void> get_findings(Exchange& ex) {
  API_TRY(access, app::authorize(ex.store, ex.viewer, ex.capture(1), app::Permission::read));
  API_TRY(view, app::show_evaluation(ex.store, ex.capture(1)));
  return ok_json(ex, app::finding_list_json(view->evaluation));
}

Result<model::Finding> finding_from(const json& body) {
  model::Finding finding;
  API_TRY(area, number_field(body, "area", true));
  finding.area = static_cast<int>(**area);
  API_TRY(sub_area, text_field(body, "subarea"));
  finding.sub_area = *sub_area;
  API_TRY(kind, text_field(body, "kind", true));
  auto parsed = model::parse_finding_kind(*kind);
  if (!parsed) {
    return model::fail(ErrorKind::bad_input, "field_invalid", {{"field", "kind"}}, "kind");
  }
  finding.kind = *parsed;
  API_TRY(text, text_field(body, "text", true));
  finding.text = *text;
  API_TRY(sources, text_list(body, "sources"));
  finding.source_keys = *sources;
  if (auto found = body.find("examples"); found != body.end() && found->is_array()) {
    for (const auto& item : *found) {
      model::GoodExample example;
      if (item.is_string()) {
        example.name = item.get<std::string>();
      } else {
        API_TRY(name, text_field(item, "name"));
        API_TRY(code, text_field(item, "code"));
        API_TRY(country, text_field(item, "country"));
        API_TRY(reason, text_field(item, "reason"));
        example.name = *name;
        example.code = *code;
        example.country = country->empty() ? "SE" : *country;
        example.reason = *reason;
      }
      finding.examples.push_back(example);
    }
  }
  return finding;
}

Result<void> post_finding(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::edit));
  API_TRY(body, request_json(ex));
  API_TRY(finding, finding_from(*body));
  API_TRY(added, app::add_finding(ex.store, id, *finding));
  return ok_json(ex, json{{"id", *added}}.dump(2), 201);
}

Result<void> put_finding(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::edit));
  API_TRY(body, request_json(ex));
  API_TRY(finding, finding_from(*body));
  try {
    finding->id = std::stol(ex.capture(2));
  } catch (const std::exception&) {
    return model::fail(ErrorKind::not_found, "unknown_finding", {{"id", ex.capture(2)}}, "id");
  }
  API_TRY(updated, app::update_finding(ex.store, id, *finding));
  return ok_json(ex, json{{"id", finding->id}}.dump(2));
}

// The stored version of `score` (0: none).
int version_of(const std::vector<store::ScoreVersion>& versions, const model::Score& score) {
  for (const auto& v : versions) {
    if (v.target == score.target && v.target_id == score.target_id && v.evaluator == score.evaluator) {
      return v.version;
    }
  }
  return 0;
}

json score_object(const model::Score& score, int version) {
  return {{"target", model::to_string(score.target)},
          {"target_id", score.target_id},
          {"evaluator", score.evaluator},
          {"points", score.points},
          {"rationale", score.rationale},
          {"sources", score.source_keys},
          {"version", version}};
}

Result<void> get_scores(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  // One snapshot: a version read after the points could be a newer one, and a save with it would silently replace
  // a change its editor never saw.
  API_TRY(scored, app::show_scores_as(ex.store, id, viewer_name(ex)));
  auto array = json::array();
  for (const auto& score : scored->view.evaluation.scores) {
    array.push_back(score_object(score, version_of(scored->versions, score)));
  }
  return ok_json(ex, array.dump(2));
}

Result<void> put_score(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::edit));
  API_TRY(body, request_json(ex));
  model::Score score;
  auto target = model::parse_score_target(ex.capture(2));
  if (!target) {
    return model::fail(ErrorKind::not_found, "unknown_page", {{"path", ex.request.path}});
  }
  score.target = *target;
  score.target_id = ex.capture(3);
  API_TRY(points, number_field(*body, "points", true));
  score.points = static_cast<int>(**points);
  API_TRY(rationale, text_field(*body, "rationale"));
  score.rationale = *rationale;
  API_TRY(evaluator, text_field(*body, "evaluator"));
  score.evaluator = *evaluator;
  API_TRY(own, check_own_score_author(ex, id, score.evaluator));
  API_TRY(sources, text_list(*body, "sources"));
  score.source_keys = *sources;
  API_TRY(version, number_field(*body, "version", true));
  auto saved = app::set_score_versioned(ex.store, id, score, static_cast<int>(**version));
  if (!saved && saved.error().code == "score_version_conflict") {
    // Show both values, so the second editor can decide without losing either.
    json answer;
    answer["error"] = {
        {"code", saved.error().code}, {"message", model::render(ex.language, saved.error())}, {"field", "version"}};
    answer["submitted"] = score_object(score, static_cast<int>(**version));
    // null when no score is stored yet (the submitted version was not 0).
    answer["current"] = nullptr;
    // The stored score as it is now, with its own version (by now perhaps newer than the conflict's).
    API_TRY(scored, app::show_scores_as(ex.store, id, viewer_name(ex)));
    for (const auto& stored : scored->view.evaluation.scores) {
      if (stored.target == score.target && stored.target_id == score.target_id && stored.evaluator == score.evaluator) {
        answer["current"] = score_object(stored, version_of(scored->versions, stored));
      }
    }
    send_json(ex.response, 409, answer.dump(2));
    return {};
  }
  if (!saved) {
    // The checks name what the command line names (the question, --source); here the client sent body members.
    auto error = saved.error();
    if (error.code.ends_with("points_out_of_range")) {
      error.field = "points";
    } else if (error.field == "source") {
      error.field = "sources";
    }
    return tl::unexpected(error);
  }
  return ok_json(ex, score_object(score, *saved).dump(2));
}

Result<void> get_audit(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  API_TRY(entries, app::audit_log(ex.store, id));
  if (ex.param("format") == "csv") {
    ex.response.set_header("Content-Disposition", "attachment; filename=\"" + id + "-audit.csv\"");
    ex.response.set_content(app::audit_csv(*entries), "text/csv; charset=utf-8");
    return {};
  }
  return ok_json(ex, app::audit_json(*entries));
}

Result<void> get_agreement(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  std::optional<std::pair<std::string, std::string>> names;
  if (auto between = ex.param("between"); !between.empty()) {
    auto comma = between.find(',');
    if (comma == std::string::npos) {
      return model::fail(ErrorKind::malformed, "field_invalid", {{"field", "between"}}, "between");
    }
    names = std::make_pair(between.substr(0, comma), between.substr(comma + 1));
  }
  API_TRY(report, app::evaluation_agreement(ex.store, id, names));
  return ok_json(ex, app::agreement_json(*report));
}

Result<void> get_followup(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  API_TRY(view, app::evaluation_followup(ex.store, id));
  // The baseline must be readable too, or a re-evaluation would reveal an unpublished one.
  API_TRY(baseline_access, app::authorize(ex.store, ex.viewer, view->baseline.evaluation.id, app::Permission::read));
  return ok_json(ex, app::followup_json(*view));
}

Result<void> get_comparison(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  API_TRY(spec, app::parse_reference_spec(ex.param("reference")));
  // Named reference evaluations must be readable too, or a comparison would reveal drafts.
  for (const auto& other : spec->evaluation_ids) {
    API_TRY(other_access, app::authorize(ex.store, ex.viewer, other, app::Permission::read));
  }
  API_TRY(comparison, app::compare(ex.store, id, *spec));
  // The default group counts final evaluations too (the method's rule); name only those this viewer may read.
  std::vector<app::ReferenceMember> named;
  for (auto& member : comparison->members) {
    API_TRY(member_access, reading(ex.store, [&] { return ex.store.evaluation_access(member.id); }));
    if (app::can_read(ex.viewer, *member_access)) {
      named.push_back(std::move(member));
    }
  }
  comparison->members = std::move(named);
  return ok_json(ex, app::comparison_json(*comparison));
}

Result<void> get_report(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  auto format = app::parse_report_format(ex.capture(2));
  if (!format) {
    return model::fail(ErrorKind::not_found, "unknown_page", {{"path", ex.request.path}});
  }
  return send_report(ex, id, *format);
}

Result<void> get_export(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  const bool csv = ex.param("format") == "csv";
  API_TRY(bytes, app::export_evaluation_as(ex.store, id, csv ? app::ExportFormat::csv : app::ExportFormat::json,
                                           viewer_name(ex)));
  ex.response.set_content(*bytes, csv ? "text/csv; charset=utf-8" : k_json_type);
  return {};
}

// The drafts the viewer may read, as app::can_read decides: every one for admin, the assigned ones for
// evaluators and peers, those shared with a municipality user's municipality.
Result<search::Visibility> visibility_of(Exchange& ex) {
  search::Visibility visibility;
  if (!ex.viewer.user) {
    return visibility;
  }
  const auto& user = *ex.viewer.user;
  if (user.role == model::Role::admin) {
    visibility.unpublished = true;
    return visibility;
  }
  if (user.role != model::Role::municipality) {
    API_TRY(assigned, reading(ex.store, [&] { return ex.store.assigned_evaluations(user.username); }));
    visibility.unpublished_evaluations = *assigned;
    return visibility;
  }
  if (!user.municipality) {
    return visibility;
  }
  API_TRY(shared, reading(ex.store, [&]() -> Result<std::vector<std::string>> {
            store::EvaluationFilter filter;
            filter.municipality = *user.municipality;
            API_TRY(summaries, ex.store.list_evaluations(filter));
            std::vector<std::string> ids;
            for (const auto& summary : *summaries) {
              if (summary.status == model::Status::published) {
                continue;
              }
              API_TRY(access, ex.store.evaluation_access(summary.id));
              if (app::can_read(ex.viewer, *access)) {
                ids.push_back(summary.id);
              }
            }
            return ids;
          }));
  visibility.unpublished_evaluations = *shared;
  return visibility;
}

Result<void> get_recommendations(Exchange& ex) {
  const auto id = ex.capture(1);
  API_TRY(access, app::authorize(ex.store, ex.viewer, id, app::Permission::read));
  API_TRY(visibility, visibility_of(ex));
  std::string body;
  API_TRY(done, ex.service.with_index(ex.store, [&](search::Index& index) -> Result<void> {
    API_TRY(recommendations, app::recommend(ex.store, index, id, *visibility));
    body = app::recommendations_json(*recommendations);
    return {};
  }));
  return ok_json(ex, body);
}

Result<void> get_search(Exchange& ex) {
  search::Query query;
  query.text = ex.param("q");
  API_TRY(visibility, visibility_of(ex));
  query.visibility = *visibility;
  API_TRY(area, int_param(ex, "area"));
  query.area = *area;
  API_TRY(limit, int_param(ex, "limit"));
  query.limit = std::clamp(limit->value_or(query.limit), 1, 100);
  API_TRY(offset, int_param(ex, "offset"));
  query.offset = std::max(0, offset->value_or(0));
  if (auto country = ex.param("country"); !country.empty()) {
    query.country = country;
  }
  if (auto language = ex.param("language"); !language.empty()) {
    query.language = language;
  }
  std::string body;
  API_TRY(done, ex.service.with_index(ex.store, [&](search::Index& index) -> Result<void> {
    API_TRY(results, app::search_findings(ex.store, index, query));
    body = app::search_results_json(*results);
    return {};
  }));
  return ok_json(ex, body);
}

Result<void> get_ranking(Exchange& ex) {
  app::RankRequest request;
  if (auto framework = ex.param("framework"); !framework.empty()) {
    request.framework = framework;
  }
  API_TRY(area, int_param(ex, "area"));
  request.area = *area;
  if (auto country = ex.param("country"); !country.empty()) {
    request.country = country;
  }
  API_TRY(ranking, app::rank(ex.store, request));
  return ok_json(ex, app::ranking_json(*ranking));
}

Result<void> post_import(Exchange& ex) {
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin, model::Role::evaluator}));
  auto name = ex.param("name");
  if (name.empty()) {
    const auto type = ex.request.get_header_value("Content-Type");
    name = type.find("csv") != std::string::npos ? "upload.csv" : "upload.json";
  }
  if (!name.ends_with(".json") && !name.ends_with(".csv")) {
    return model::fail(ErrorKind::bad_input, "field_invalid", {{"field", "name"}}, "name");
  }
  API_TRY(report, app::import_file(ex.store, name, ex.request.body));
  if (ex.viewer.user->role == model::Role::evaluator) {
    for (const auto& id : report->imported) {
      API_TRY(assigned, store::in_transaction(ex.store, [&] { return ex.store.assign(id, ex.viewer.user->username); }));
    }
  }
  json skipped = json::array();
  for (const auto& s : report->skipped) {
    skipped.push_back({{"existing", s.existing_id}, {"municipality", s.municipality}, {"year", s.year}});
  }
  return ok_json(ex,
                 json{{"imported", report->imported},
                      {"skipped", skipped},
                      {"averages", report->averages},
                      {"key_figures", report->key_figures}}
                     .dump(2),
                 report->imported.empty() && report->averages == 0 && report->key_figures == 0 ? 200 : 201);
}

// --- users

Result<void> get_users(Exchange& ex) {
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin}));
  API_TRY(users, app::list_users(ex.store));
  return ok_json(ex, app::user_list_json(*users));
}

Result<void> post_user(Exchange& ex) {
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin}));
  API_TRY(body, request_json(ex));
  app::NewUser request;
  API_TRY(username, text_field(*body, "username", true));
  API_TRY(display_name, text_field(*body, "display_name"));
  API_TRY(role, text_field(*body, "role", true));
  API_TRY(password, text_field(*body, "password", true));
  auto parsed = model::parse_role(*role);
  if (!parsed) {
    return model::fail(ErrorKind::bad_input, "role_unknown", {{"role", *role}}, "role");
  }
  request.username = *username;
  request.display_name = *display_name;
  request.role = *parsed;
  request.password = *password;
  if (auto m = body->find("municipality"); m != body->end() && !m->is_null()) {
    API_TRY(ref, municipality_of(ex.store, *m, "municipality"));
    request.municipality = *ref;
  }
  API_TRY(user, app::add_user(ex.store, request));
  return ok_json(ex, app::user_json(*user), 201);
}

Result<void> put_user(Exchange& ex) {
  API_TRY(allowed, app::require_role(ex.viewer, {model::Role::admin}));
  API_TRY(body, request_json(ex));
  const auto username = ex.capture(1);
  API_TRY(password, text_field(*body, "password"));
  API_TRY(state, text_field(*body, "state"));
  if (!password->empty()) {
    API_TRY(changed, app::change_password(ex.store, username, *password));
  }
  if (!state->empty()) {
    if (*state != "active" && *state != "disabled") {
      return model::fail(ErrorKind::bad_input, "field_invalid", {{"field", "state"}}, "state");
    }
    API_TRY(changed,
            app::set_account_state(ex.store, username,
                                   *state == "active" ? model::AccountState::active : model::AccountState::disabled));
  }
  API_TRY(found, reading(ex.store, [&] { return ex.store.find_user(username); }));
  if (!*found) {
    return model::fail(ErrorKind::not_found, "unknown_user", {{"username", username}}, "username");
  }
  return ok_json(ex, app::user_json((*found)->user));
}

Result<void> get_openapi(Exchange& ex) {
  auto document = resources::find("docs/openapi.json");
  if (!document) {
    return model::fail(ErrorKind::internal, "internal_error", {{"detail", "docs/openapi.json not embedded"}});
  }
  ex.response.set_content(std::string(*document), k_json_type);
  return {};
}

} // namespace

void add_api_routes(httplib::Server& server, Service& service) {
  const std::string base = "/api/v1";
  const std::string evaluation = base + "/evaluations/" + k_id;
  auto api = [&service](Handler handler) { return route(service, Face::api, std::move(handler)); };

  server.Get(base + "/openapi.json", api(get_openapi));
  server.Post(base + "/session", api(post_session));
  server.Get(base + "/session", api(get_session));
  server.Delete(base + "/session", api(delete_session));

  server.Get(base + "/frameworks", api(get_frameworks));
  server.Post(base + "/frameworks", api(post_framework));
  server.Get(base + "/frameworks/" + k_id, api(get_framework));

  server.Get(base + "/municipalities", api(get_municipalities));
  server.Post(base + "/municipalities", api(post_municipality));
  server.Get(base + "/municipalities/" + k_id + "/" + k_id, api(get_municipality));
  server.Get(base + "/municipalities/" + k_id + "/" + k_id + "/trend", api(get_trend));

  server.Get(base + "/evaluations", api(get_evaluations));
  server.Post(base + "/evaluations", api(post_evaluation));
  server.Get(evaluation, api(get_evaluation));
  server.Put(evaluation + "/status", api(put_status));
  server.Put(evaluation + "/sharing", api(put_sharing));
  server.Put(evaluation + "/assignments/" + k_id, api([](Exchange& ex) { return change_assignment(ex, true); }));
  server.Delete(evaluation + "/assignments/" + k_id, api([](Exchange& ex) { return change_assignment(ex, false); }));
  server.Get(evaluation + "/sources", api(get_sources));
  server.Post(evaluation + "/sources", api(post_source));
  server.Get(evaluation + "/findings", api(get_findings));
  server.Post(evaluation + "/findings", api(post_finding));
  server.Put(evaluation + "/findings/([0-9]+)", api(put_finding));
  server.Get(evaluation + "/scores", api(get_scores));
  server.Put(evaluation + "/scores/(question|area|total)/" + k_id, api(put_score));
  server.Get(evaluation + "/audit", api(get_audit));
  server.Get(evaluation + "/comparison", api(get_comparison));
  server.Get(evaluation + "/agreement", api(get_agreement));
  server.Post(evaluation + "/blind", api(post_blind));
  server.Get(evaluation + "/blind", api(get_blind));
  server.Post(evaluation + "/blind/done", api(post_blind_done));
  server.Get(evaluation + "/reconciliation", api(get_reconciliation));
  server.Post(evaluation + "/reconciliation", api(post_reconciliation));
  server.Get(evaluation + "/followup", api(get_followup));
  server.Get(evaluation + "/report\\.(html|pdf|docx|xlsx)", api(get_report));
  server.Get(evaluation + "/export", api(get_export));
  server.Get(evaluation + "/recommendations", api(get_recommendations));
  server.Get(evaluation + "/actions", api(get_actions));
  server.Post(evaluation + "/actions", api(post_action));
  server.Get(evaluation + "/action-plan", api(get_action_plan));
  server.Get(evaluation + "/action-plan\\.(xlsx|pdf|html)", api(get_action_plan_file));
  server.Get(base + "/actions/([0-9]+)", api(get_action));
  server.Patch(base + "/actions/([0-9]+)", api(patch_action));
  server.Post(base + "/actions/([0-9]+)/notes", api(post_action_note));

  server.Post(base + "/imports", api(post_import));
  server.Get(base + "/search", api(get_search));
  server.Get(base + "/rankings", api(get_ranking));

  server.Get(base + "/evaluators/drift", api(get_drift));

  server.Get(base + "/users", api(get_users));
  server.Post(base + "/users", api(post_user));
  server.Put(base + "/users/" + k_id, api(put_user));
}

} // namespace kompass::http
