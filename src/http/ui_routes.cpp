// The web UI: server-rendered pages (src/web) for the public, municipalities and evaluators, their forms
// (each POST answered with a 303 redirect, or the form again with its error tied to the field), the static
// assets, the language switch and signing in and out.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>

#include "app/actions.hpp"
#include "app/agreement.hpp"
#include "app/benchmarks.hpp"
#include "app/blind.hpp"
#include "app/catalog.hpp"
#include "app/comparison.hpp"
#include "app/evaluations.hpp"
#include "app/followup.hpp"
#include "app/municipalities.hpp"
#include "app/reevaluation.hpp"
#include "app/text.hpp"
#include "http/action_routes.hpp"
#include "http/exchange.hpp"
#include "resources/assets.hpp"
#include "web/pages.hpp"

namespace kompass::http {

using app::Permission;
using model::ErrorKind;
using model::Result;

namespace {

// The pages every route and the error page render with: loaded by add_ui_routes (with the server's
// template folder), the built-in ones until then.
std::mutex g_pages_mutex;
std::shared_ptr<const web::Pages> g_pages;

std::shared_ptr<const web::Pages> current_pages() {
  std::lock_guard lock(g_pages_mutex);
  if (!g_pages) {
    auto loaded = web::Pages::load();
    if (!loaded) {
      throw std::runtime_error(model::render(model::UiLanguage::en, loaded.error()));
    }
    g_pages = std::make_shared<const web::Pages>(std::move(*loaded));
  }
  return g_pages;
}

constexpr const char* k_login_csrf_cookie = "kompass_login_csrf";

// Notices a redirect may ask for with ?done=…; anything else is ignored.
const std::set<std::string>& known_notices() {
  static const std::set<std::string> k_notices = {
      "saved",      "score_saved",  "finding_added",  "finding_saved", "source_added",         "status_changed",
      "signed_in",  "signed_out",   "action_added",   "action_saved",  "reevaluation_created", "sources_reused",
      "blind_done", "agreed_saved", "agreed_accepted"};
  return k_notices;
}

std::optional<int> parse_int(const std::string& text) {
  int value = 0;
  auto start = text.data();
  auto end = text.data() + text.size();
  while (start < end && *start == ' ') {
    ++start;
  }
  while (end > start && *(end - 1) == ' ') {
    --end;
  }
  if (start == end) {
    return std::nullopt;
  }
  auto [ptr, ec] = std::from_chars(start, end, value);
  if (ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  text.erase(0, first);
  text.erase(text.find_last_not_of(" \t\r\n") + 1);
  return text;
}

// Every value of a repeated form field (checkboxes).
std::vector<std::string> params(const Exchange& ex, const std::string& name) {
  std::vector<std::string> out;
  const auto count = ex.request.get_param_value_count(name);
  for (std::size_t i = 0; i < count; ++i) {
    auto value = ex.request.get_param_value(name, i);
    if (!value.empty() && std::find(out.begin(), out.end(), value) == out.end()) {
      out.push_back(value);
    }
  }
  return out;
}

bool is_htmx(const Exchange& ex) { return ex.request.get_header_value("HX-Request") == "true"; }

// A local path to return to: "/…" but not "//host" (which would leave the site); "/" otherwise.
std::string local_path(const std::string& back) {
  if (back.empty() || back.front() != '/' || back.starts_with("//") || back.starts_with("/\\") ||
      back.find_first_of("\r\n") != std::string::npos) {
    return "/";
  }
  return back;
}

// This page's path with its query (without the language, which the switch sets), for links back to it.
std::string page_path(const Exchange& ex) {
  std::string path = ex.request.path;
  if (ex.request.method != "GET") {
    return path;
  }
  std::string query;
  for (const auto& [name, value] : ex.request.params) {
    if (name == "lang" || name == "done" || name == "_csrf") {
      continue;
    }
    query += (query.empty() ? "?" : "&") + web::url_encode(name) + "=" + web::url_encode(value);
  }
  return path + query;
}

web::Frame frame_of(const Exchange& ex) {
  web::Frame frame;
  frame.language = ex.language;
  frame.path = page_path(ex);
  if (ex.viewer.user) {
    frame.user = ex.viewer.user->display_name.empty() ? ex.viewer.user->username : ex.viewer.user->display_name;
  }
  if (ex.session) {
    frame.csrf_token = ex.session->csrf_token;
  }
  frame.admin = ex.viewer.user && ex.viewer.user->role == model::Role::admin;
  if (auto done = ex.param("done"); known_notices().contains(done)) {
    frame.notice = "notice_" + done;
  }
  return frame;
}

void set_page_headers(httplib::Response& response) {
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "same-origin");
  response.set_header("X-Frame-Options", "SAMEORIGIN");
  response.set_header("Content-Security-Policy",
                      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
                      "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'");
}

// Sends a page. Pages differ by who is signed in and by language; a signed-in page (or one with a secret
// such as the sign-in form's token) is never stored by anyone else.
void send_html(Exchange& ex, int status, std::string body, bool private_page = false) {
  ex.response.status = status;
  set_page_headers(ex.response);
  ex.response.set_header("Cache-Control", ex.session || private_page ? "private, no-store" : "no-cache");
  ex.response.set_header("Vary", "Cookie, Accept-Language, HX-Request");
  ex.response.set_content(std::move(body), "text/html; charset=utf-8");
}

void redirect(Exchange& ex, const std::string& location) {
  ex.response.status = 303;
  ex.response.set_header("Location", location);
}

std::string evaluation_path(const std::string& id) { return "/evaluations/" + web::url_encode(id); }

std::string anchor_of(const std::string& id) {
  std::string out = id;
  std::replace(out.begin(), out.end(), '.', '-');
  return out;
}

// The message of a form error, tied to a field of the form.
web::FieldError field_error(const Exchange& ex, const model::Error& error, const std::string& field) {
  return web::FieldError{field, model::render(ex.language, error)};
}

// An evaluation as the evaluation pages need it: the access record, the view, and the page head.
struct Loaded {
  store::EvaluationAccess access;
  app::EvaluationView view;
  web::EvaluationHeader header;
  std::vector<store::ScoreVersion> versions; // only with ScoreVersions::read
};

bool may(Exchange& ex, const std::string& id, Permission permission) {
  return ex.viewer.user && app::authorize(ex.store, ex.viewer, id, permission).has_value();
}

// Whether load() also reads the score versions, in the same snapshot as the points (a form that saves with a
// version must show the points that version belongs to).
enum class ScoreVersions { skip, read };

Result<Loaded> load(Exchange& ex, const std::string& id, Permission permission,
                    ScoreVersions versions = ScoreVersions::skip) {
  auto access = app::authorize(ex.store, ex.viewer, id, permission);
  if (!access) {
    return tl::unexpected(access.error());
  }
  // Own scores of an open blind scoring stay with their own evaluator, on every page.
  const std::string viewer = ex.viewer.user ? ex.viewer.user->username : std::string();
  std::vector<store::ScoreVersion> read_versions;
  auto view = [&]() -> Result<app::EvaluationView> {
    if (versions == ScoreVersions::skip) {
      return app::show_evaluation_as(ex.store, id, viewer);
    }
    auto scored = app::show_scores_as(ex.store, id, viewer);
    if (!scored) {
      return tl::unexpected(scored.error());
    }
    read_versions = std::move(scored->versions);
    return std::move(scored->view);
  }();
  if (!view) {
    return tl::unexpected(view.error());
  }
  web::EvaluationHeader header;
  header.id = view->evaluation.id;
  header.municipality = view->evaluation.municipality.name;
  header.municipality_ref = view->evaluation.municipality.ref;
  header.year = view->evaluation.year;
  header.status = view->evaluation.status;
  header.framework_title =
      view->framework.title.in(ex.language == model::UiLanguage::en ? "en" : "sv", view->framework.primary_language());
  header.may_edit = permission == Permission::edit || may(ex, id, Permission::edit);
  header.may_read_actions = permission == Permission::read_actions || may(ex, id, Permission::read_actions);
  return Loaded{std::move(*access), std::move(*view), std::move(header), std::move(read_versions)};
}

// The version of each question's agreed score, or of `evaluator`'s own scores when named.
std::map<std::string, int> question_versions(const std::vector<store::ScoreVersion>& versions,
                                             const std::string& evaluator = {}) {
  std::map<std::string, int> out;
  for (const auto& version : versions) {
    if (version.target == model::ScoreTarget::question && version.evaluator == evaluator) {
      out[version.target_id] = version.version;
    }
  }
  return out;
}

// ---- static assets and the language switch

void get_static(const httplib::Request& request, httplib::Response& response) {
  const auto* asset = resources::asset_by_url(request.path);
  if (!asset) {
    response.status = 404; // the server's error handler writes the page
    return;
  }
  response.set_header("ETag", asset->etag);
  response.set_header("Cache-Control", "public, max-age=31536000, immutable");
  response.set_header("X-Content-Type-Options", "nosniff");
  const auto sent = request.get_header_value("If-None-Match");
  if (!sent.empty() && (sent == "*" || sent.find(asset->etag) != std::string::npos)) {
    response.status = 304;
    return;
  }
  response.set_content(std::string(asset->bytes), asset->content_type);
}

Result<void> get_language(Exchange& ex) {
  const std::string language = ex.capture(1);
  std::string value = std::string(k_language_cookie) + "=" + language + "; Path=/; Max-Age=31536000; SameSite=Lax";
  if (ex.service.options().cookies == CookieSecurity::secure) {
    value += "; Secure";
  }
  ex.response.set_header("Set-Cookie", value);
  redirect(ex, local_path(ex.param("back")));
  return {};
}

// ---- start, municipalities

Result<void> get_start(const web::Pages& pages, Exchange& ex) {
  store::EvaluationFilter filter;
  filter.statuses = {model::Status::published};
  auto items = app::visible_evaluations(ex.store, ex.viewer, filter);
  if (!items) {
    return tl::unexpected(items.error());
  }
  std::stable_sort(items->begin(), items->end(),
                   [](const auto& a, const auto& b) { return a.summary.year > b.summary.year; });
  web::StartPage page;
  constexpr std::size_t k_latest = 8;
  for (const auto& item : *items) {
    if (page.latest.size() == k_latest) {
      break;
    }
    page.latest.push_back(web::ResultItem{item.summary.id, item.summary.municipality.name, item.summary.year,
                                          item.summary.status, item.total, item.max});
  }
  send_html(ex, 200, pages.start(frame_of(ex), page));
  return {};
}

Result<std::vector<web::MunicipalityItem>> matching_municipalities(Exchange& ex, const std::string& query) {
  auto all = app::list_municipalities(ex.store, std::nullopt);
  if (!all) {
    return tl::unexpected(all.error());
  }
  const std::string folded = query.empty() ? std::string() : app::fold_to_ascii_id(query);
  std::vector<web::MunicipalityItem> matches;
  for (const auto& municipality : *all) {
    const bool by_code =
        !query.empty() && (municipality.ref.code.starts_with(query) ||
                           (municipality.ref.country + ":" + municipality.ref.code).starts_with(query));
    const bool by_name = query.empty() || app::fold_to_ascii_id(municipality.name).find(folded) != std::string::npos;
    if (by_code || by_name) {
      matches.push_back(web::MunicipalityItem{municipality.ref, municipality.name, municipality.county});
    }
  }
  return matches;
}

Result<void> get_municipalities(const web::Pages& pages, Exchange& ex) {
  const std::string query = trimmed(ex.param("q"));
  auto matches = matching_municipalities(ex, query);
  if (!matches) {
    return tl::unexpected(matches.error());
  }
  web::MunicipalitiesPage page{query, std::move(*matches)};
  if (is_htmx(ex)) {
    // The type-ahead's options: a few, and none before anything is typed.
    constexpr std::size_t k_options = 12;
    if (query.empty()) {
      page.matches.clear();
    } else if (page.matches.size() > k_options) {
      page.matches.resize(k_options);
    }
    send_html(ex, 200, pages.municipality_options(frame_of(ex), page));
    return {};
  }
  // A name typed in full goes straight to the municipality.
  if (page.matches.size() == 1 && app::fold_to_ascii_id(page.matches.front().name) == app::fold_to_ascii_id(query)) {
    const auto& ref = page.matches.front().ref;
    redirect(ex, "/municipalities/" + web::url_encode(ref.country) + "/" + web::url_encode(ref.code));
    return {};
  }
  send_html(ex, 200, pages.municipalities(frame_of(ex), page));
  return {};
}

Result<void> get_municipality(const web::Pages& pages, Exchange& ex) {
  model::MunicipalityRef ref{ex.capture(1), ex.capture(2)};
  auto municipality = app::get_municipality(ex.store, ref);
  if (!municipality) {
    return tl::unexpected(municipality.error());
  }
  // Only what the viewer may read (the steps then compare visible entries only).
  auto trend = app::trend(ex.store, ref, [&](const model::EvaluationSummary& summary) -> Result<bool> {
    if (summary.status == model::Status::published) {
      return true;
    }
    if (!ex.viewer.user) {
      return false;
    }
    auto access = ex.store.evaluation_access(summary.id);
    if (!access) {
      return tl::unexpected(access.error());
    }
    return app::can_read(ex.viewer, *access);
  });
  if (!trend) {
    return tl::unexpected(trend.error());
  }
  web::MunicipalityPage page;
  page.municipality = *municipality;
  for (const auto& entry : trend->entries) {
    web::TrendItem item;
    item.evaluation_id = entry.evaluation_id;
    item.year = entry.year;
    item.edition = entry.edition;
    item.status = entry.status;
    item.total = entry.total;
    item.max = entry.max;
    if (entry.change) {
      item.comparison = entry.change->comparison;
      item.difference = entry.change->difference;
    }
    page.entries.push_back(std::move(item));
  }
  send_html(ex, 200, pages.municipality(frame_of(ex), page));
  return {};
}

// ---- evaluation overview, report, downloads

std::vector<model::Status> next_statuses(model::Status status) {
  switch (status) {
  case model::Status::draft:
    return {model::Status::final};
  case model::Status::final:
    return {model::Status::draft, model::Status::published};
  case model::Status::published:
    return {};
  }
  return {};
}

Result<void> get_evaluation(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  // The public's pages are rendered once per store change and language. A page in the cache was rendered
  // for the public at this very change, so it may be served without asking again (any change since,
  // such as a status change, has a later sequence).
  std::optional<std::string> cache_key;
  long sequence = 0;
  const bool plain_request = std::all_of(ex.request.params.begin(), ex.request.params.end(),
                                         [](const auto& param) { return param.first == "lang"; });
  if (!ex.viewer.user && plain_request) {
    auto change = ex.service.page_cache().sequence(ex.store);
    if (!change) {
      return tl::unexpected(change.error());
    }
    sequence = *change;
    cache_key = "evaluation\n" + ex.request.path + "\n" + (ex.language == model::UiLanguage::en ? "en" : "sv");
    if (auto cached = ex.service.page_cache().find(*cache_key, sequence)) {
      send_html(ex, 200, std::move(*cached));
      return {};
    }
  }
  auto loaded = load(ex, id, Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  web::EvaluationPage page;
  page.header = loaded->header;
  if (auto comparison = app::compare(ex.store, id, app::ReferenceSpec{});
      comparison && comparison->reference_count > 0) {
    web::ReferenceFigures reference;
    reference.description = app::describe_reference(ex.language, *comparison);
    reference.count = comparison->reference_count;
    for (const auto& row : comparison->rows) {
      if (row.label == "total") {
        reference.total = row.reference.mean;
      } else {
        reference.areas.push_back(row.reference.mean);
      }
    }
    page.reference = std::move(reference);
  }
  if (page.header.may_edit) {
    page.next_statuses = next_statuses(loaded->view.evaluation.status);
  }
  page.may_reevaluate = loaded->view.evaluation.status != model::Status::draft &&
                        app::require_role(ex.viewer, {model::Role::admin, model::Role::evaluator}).has_value();
  auto blind = app::blind_state(ex.store, id);
  if (!blind) {
    return tl::unexpected(blind.error());
  }
  page.blind = blind->blind();
  page.evaluation = std::move(loaded->view.evaluation);
  page.framework = std::move(loaded->view.framework);
  page.aggregate = std::move(loaded->view.aggregate);
  std::string html = pages.evaluation(frame_of(ex), page);
  if (cache_key) {
    ex.service.page_cache().put(*cache_key, sequence, html);
  }
  send_html(ex, 200, std::move(html));
  return {};
}

Result<void> get_report_page(const web::Pages& pages, Exchange& ex) {
  auto loaded = load(ex, ex.capture(1), Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  send_html(ex, 200, pages.report(frame_of(ex), web::ReportPage{loaded->header}));
  return {};
}

Result<void> get_report_view(Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::read); !access) {
    return tl::unexpected(access.error());
  }
  if (auto sent = send_report(ex, id, app::ReportFormat::html); !sent) {
    return sent;
  }
  set_page_headers(ex.response);
  ex.response.set_header("Cache-Control", ex.session ? "private, no-store" : "no-cache");
  return {};
}

Result<void> get_report_file(Exchange& ex) {
  const std::string id = ex.capture(1);
  auto format = app::parse_report_format(ex.capture(2));
  if (!format) {
    return model::fail(ErrorKind::not_found, "unknown_page", {{"path", ex.request.path}});
  }
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::read); !access) {
    return tl::unexpected(access.error());
  }
  if (auto sent = send_report(ex, id, *format); !sent) {
    return sent;
  }
  if (*format == app::ReportFormat::html) {
    ex.response.set_header("Content-Disposition", "attachment; filename=\"" + id + ".html\"");
  }
  ex.response.set_header("X-Content-Type-Options", "nosniff");
  ex.response.set_header("Cache-Control", ex.session ? "private, no-store" : "no-cache");
  return {};
}

Result<void> post_status(Exchange& ex) {
  const std::string id = ex.capture(1);
  auto status = model::parse_status(ex.param("status"));
  if (!status) {
    if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::read); !access) {
      return tl::unexpected(access.error());
    }
    return model::fail(ErrorKind::malformed, "field_invalid", {{"field", "status"}}, "status");
  }
  if (auto access = app::authorize(ex.store, ex.viewer, id, app::permission_for_status(*status)); !access) {
    return tl::unexpected(access.error());
  }
  if (auto changed = app::set_status(ex.store, id, *status); !changed) {
    return changed;
  }
  redirect(ex, evaluation_path(id) + "?done=status_changed");
  return {};
}

// ---- scoring

// A re-evaluation's baseline for the scoring workspace; nullopt when it is no longer stored.
Result<std::optional<web::BaselineScores>> baseline_scores(Exchange& ex, const model::Evaluation& evaluation,
                                                           const model::Framework& framework) {
  auto view = app::show_evaluation(ex.store, evaluation.baseline_id);
  if (!view) {
    if (view.error().kind == ErrorKind::not_found) {
      return std::optional<web::BaselineScores>{};
    }
    return tl::unexpected(view.error());
  }
  const auto comparison = scoring::compare_editions(framework, std::nullopt, view->framework.id, view->evaluation.year);
  return web::BaselineScores{view->evaluation.id, view->evaluation.year,
                             comparison.comparability == scoring::Comparability::comparable, std::move(view->framework),
                             std::move(view->evaluation)};
}

// The signed-in user's name when they are a blind scorer of the evaluation while blind scoring is open (their
// scores are then their own, locked once they have finished), else empty; with the blind state.
Result<std::pair<std::string, app::BlindState>> blind_scorer_of(Exchange& ex, const std::string& id) {
  auto state = app::blind_state(ex.store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  std::string name = ex.viewer.user ? ex.viewer.user->username : std::string();
  if (!state->open() || !state->is_scorer(name)) {
    name.clear();
  }
  return std::make_pair(std::move(name), std::move(*state));
}

// A blind scorer's own scores aggregated as if agreed: their workspace's progress counts what they scored.
scoring::Aggregate own_aggregate(const model::Evaluation& evaluation, const model::Framework& framework,
                                 const std::string& evaluator) {
  std::vector<model::Score> own;
  for (const auto& score : evaluation.scores) {
    if (score.evaluator == evaluator) {
      own.push_back(score);
      own.back().evaluator.clear();
    }
  }
  return scoring::aggregate(framework, evaluation.granularity, own, std::nullopt);
}

Result<web::ScoringPage> scoring_page(Exchange& ex, const std::string& id, Permission permission) {
  auto loaded = load(ex, id, permission, ScoreVersions::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  auto own = blind_scorer_of(ex, id);
  if (!own) {
    return tl::unexpected(own.error());
  }
  web::ScoringPage page;
  page.own_evaluator = own->first;
  page.blind_open = own->second.open();
  page.blind_revealed = own->second.revealed();
  page.blind_done = own->second.is_done(own->first);
  page.header = loaded->header;
  page.evaluation = std::move(loaded->view.evaluation);
  page.framework = std::move(loaded->view.framework);
  page.aggregate = std::move(loaded->view.aggregate);
  if (!page.own_evaluator.empty()) {
    page.aggregate = own_aggregate(page.evaluation, page.framework, page.own_evaluator);
  }
  page.versions = question_versions(loaded->versions, own->first);
  if (!page.evaluation.baseline_id.empty()) {
    auto baseline = baseline_scores(ex, page.evaluation, page.framework);
    if (!baseline) {
      return tl::unexpected(baseline.error());
    }
    page.baseline = std::move(*baseline);
  }
  return page;
}

Result<void> post_blind_done_page(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  if (auto marked = app::mark_own_scoring_done(ex.store, id, ex.viewer.user->username); !marked) {
    // A question not scored yet: the workspace again, the error at that question's form.
    const auto& error = marked.error();
    auto question = error.args.find("question");
    if (error.kind != ErrorKind::bad_input || question == error.args.end()) {
      return tl::unexpected(error);
    }
    auto page = scoring_page(ex, id, Permission::edit);
    if (!page) {
      return tl::unexpected(page.error());
    }
    auto version = page->versions.find(question->second);
    page->submitted =
        web::SubmittedScore{question->second, "", "", {}, version == page->versions.end() ? 0 : version->second};
    page->error = field_error(ex, error, "general");
    send_html(ex, 422, pages.scoring(frame_of(ex), *page));
    return {};
  }
  redirect(ex, evaluation_path(id) + "/scoring?done=blind_done");
  return {};
}

Result<void> get_scoring(const web::Pages& pages, Exchange& ex) {
  auto page = scoring_page(ex, ex.capture(1), Permission::read);
  if (!page) {
    return tl::unexpected(page.error());
  }
  send_html(ex, 200, pages.scoring(frame_of(ex), *page));
  return {};
}

// Which field of the score form an error of set_score_versioned belongs to.
std::string score_field(const model::Error& error) {
  if (error.field == "rationale" || error.field == "source") {
    return error.field;
  }
  if (error.code.find("points") != std::string::npos) {
    return "points";
  }
  return "general";
}

Result<void> post_score(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  const std::string question_id = ex.capture(2);
  auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit);
  if (!access) {
    return tl::unexpected(access.error());
  }
  web::SubmittedScore submitted;
  submitted.question_id = question_id;
  submitted.points = trimmed(ex.param("points"));
  submitted.rationale = ex.param("rationale");
  submitted.source_keys = params(ex, "source");
  submitted.version = parse_int(ex.param("version")).value_or(0);

  // Shows the workspace (or, for htmx, the question) again with the error at its field.
  auto show_error = [&](const web::FieldError& error) -> Result<void> {
    auto page = scoring_page(ex, id, Permission::edit);
    if (!page) {
      return tl::unexpected(page.error());
    }
    page->submitted = submitted;
    page->error = error;
    if (is_htmx(ex)) {
      web::QuestionFragment fragment{std::move(*page), question_id, false};
      send_html(ex, 422, pages.question(frame_of(ex), fragment));
    } else {
      send_html(ex, 422, pages.scoring(frame_of(ex), *page));
    }
    return {};
  };

  const auto points = parse_int(submitted.points);
  if (!points) {
    return show_error(web::FieldError{"points", pages.label(ex.language, "error_points_number")});
  }
  model::Score score;
  score.target = model::ScoreTarget::question;
  score.target_id = question_id;
  score.points = *points;
  score.rationale = submitted.rationale;
  score.source_keys = submitted.source_keys;
  auto own = blind_scorer_of(ex, id);
  if (!own) {
    return tl::unexpected(own.error());
  }
  score.evaluator = own->first;
  auto saved = app::set_score_versioned(ex.store, id, score, submitted.version);
  if (!saved) {
    const auto& error = saved.error();
    if (error.kind == ErrorKind::conflict && error.code == "score_version_conflict") {
      auto loaded = load(ex, id, Permission::edit, ScoreVersions::read);
      if (!loaded) {
        return tl::unexpected(loaded.error());
      }
      const auto versions = question_versions(loaded->versions, score.evaluator);
      web::ConflictPage page;
      page.header = loaded->header;
      page.framework = loaded->view.framework;
      page.sources = loaded->view.evaluation.sources;
      for (const auto& stored : loaded->view.evaluation.scores) {
        if (stored.evaluator == score.evaluator && stored.target == model::ScoreTarget::question &&
            stored.target_id == question_id) {
          page.stored = stored;
        }
      }
      auto version = versions.find(question_id);
      page.stored_version = version == versions.end() ? 0 : version->second;
      page.submitted = submitted;
      if (is_htmx(ex)) {
        // The whole page replaces the workspace: both values side by side need the room.
        ex.response.set_header("HX-Retarget", "body");
        ex.response.set_header("HX-Reswap", "innerHTML show:top");
      }
      send_html(ex, 409, pages.conflict(frame_of(ex), page));
      return {};
    }
    if (error.kind == ErrorKind::bad_input ||
        (error.kind == ErrorKind::not_found && error.code != "unknown_evaluation")) {
      return show_error(field_error(ex, error, score_field(error)));
    }
    return tl::unexpected(error);
  }
  if (is_htmx(ex)) {
    auto page = scoring_page(ex, id, Permission::edit);
    if (!page) {
      return tl::unexpected(page.error());
    }
    web::QuestionFragment fragment{std::move(*page), question_id, true};
    send_html(ex, 200, pages.question(frame_of(ex), fragment));
    return {};
  }
  redirect(ex, evaluation_path(id) + "/scoring?done=score_saved#q-" + anchor_of(question_id));
  return {};
}

// ---- findings

std::string examples_text(const std::vector<model::GoodExample>& examples) {
  std::string out;
  for (const auto& example : examples) {
    out += example.name;
    if (!example.reason.empty()) {
      out += " – " + example.reason;
    }
    out += "\n";
  }
  return out;
}

// "Göteborg – why" per line; a code ("1480", "NO:5025") names a stored municipality.
Result<std::vector<model::GoodExample>> parse_examples(const std::string& text) {
  std::vector<model::GoodExample> examples;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string line = trimmed(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    start = end == std::string::npos ? text.size() + 1 : end + 1;
    if (line.empty()) {
      continue;
    }
    model::GoodExample example;
    std::size_t separator = std::string::npos;
    std::size_t separator_length = 0;
    for (std::string_view candidate : {" – ", " — ", " - "}) {
      if (auto at = line.find(candidate); at != std::string::npos && at < separator) {
        separator = at;
        separator_length = candidate.size();
      }
    }
    std::string name = trimmed(line.substr(0, separator));
    if (separator != std::string::npos) {
      example.reason = trimmed(line.substr(separator + separator_length));
    }
    const bool looks_like_code = !name.empty() && (std::isdigit(static_cast<unsigned char>(name.front())) ||
                                                   (name.size() > 3 && name[2] == ':'));
    if (looks_like_code) {
      auto ref = app::parse_municipality_ref(name);
      if (!ref) {
        auto error = ref.error();
        error.field = "examples";
        return tl::unexpected(error);
      }
      example.country = ref->country;
      example.code = ref->code;
    } else {
      example.name = name;
    }
    examples.push_back(std::move(example));
  }
  return examples;
}

// Which field of the finding form an error of add_finding / update_finding belongs to.
std::string finding_field(const model::Error& error) {
  const std::string& field = error.field;
  if (field == "area" || field.ends_with(".area")) {
    return "area";
  }
  if (field == "subarea" || field == "sub_area" || field.ends_with(".subarea")) {
    return "sub_area";
  }
  if (field == "text" || field.ends_with(".text")) {
    return "text";
  }
  if (field == "sources" || field == "source") {
    return "source";
  }
  if (field.starts_with("examples") || error.code == "unknown_municipality") {
    return "examples";
  }
  if (field == "kind") {
    return "kind";
  }
  return "general";
}

web::FindingForm finding_form(const Exchange& ex, long id) {
  web::FindingForm form;
  form.id = id;
  form.area = trimmed(ex.param("area"));
  form.sub_area = trimmed(ex.param("sub_area"));
  form.kind = ex.param("kind");
  form.text = trimmed(ex.param("text"));
  form.source_keys = params(ex, "source");
  form.examples = ex.param("examples");
  return form;
}

Result<void> show_findings(const web::Pages& pages, Exchange& ex, const std::string& id,
                           std::optional<web::FindingForm> form, std::optional<web::FieldError> error, int status) {
  auto loaded = load(ex, id, form && form->id != 0 ? Permission::edit : Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  web::FindingsPage page;
  page.header = loaded->header;
  page.evaluation = std::move(loaded->view.evaluation);
  page.framework = std::move(loaded->view.framework);
  page.form = std::move(form);
  page.error = std::move(error);
  send_html(ex, status, pages.findings(frame_of(ex), page));
  return {};
}

Result<void> get_findings(const web::Pages& pages, Exchange& ex) {
  return show_findings(pages, ex, ex.capture(1), std::nullopt, std::nullopt, 200);
}

Result<void> get_finding(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  const long finding_id = parse_int(ex.capture(2)).value_or(0);
  auto loaded = load(ex, id, Permission::edit);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  const auto& findings = loaded->view.evaluation.findings;
  auto found = std::find_if(findings.begin(), findings.end(),
                            [&](const model::Finding& finding) { return finding.id == finding_id; });
  if (found == findings.end()) {
    return model::fail(ErrorKind::not_found, "unknown_finding", {{"evaluation", id}, {"id", ex.capture(2)}});
  }
  web::FindingForm form;
  form.id = found->id;
  form.area = std::to_string(found->area);
  form.sub_area = found->sub_area;
  form.kind = model::to_string(found->kind);
  form.text = found->text;
  form.source_keys = found->source_keys;
  form.examples = examples_text(found->examples);
  return show_findings(pages, ex, id, form, std::nullopt, 200);
}

Result<void> save_finding(const web::Pages& pages, Exchange& ex, long finding_id) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  auto form = finding_form(ex, finding_id);
  auto fail_at = [&](const model::Error& error) {
    return show_findings(pages, ex, id, form, field_error(ex, error, finding_field(error)), 422);
  };
  model::Finding finding;
  finding.id = finding_id;
  auto area = parse_int(form.area);
  if (!area) {
    return fail_at(model::make_error(ErrorKind::bad_input, "field_invalid", {{"field", "area"}}, "area"));
  }
  finding.area = *area;
  finding.sub_area = form.sub_area;
  auto kind = model::parse_finding_kind(form.kind);
  if (!kind) {
    return fail_at(model::make_error(ErrorKind::bad_input, "field_invalid", {{"field", "kind"}}, "kind"));
  }
  finding.kind = *kind;
  finding.text = form.text;
  finding.source_keys = form.source_keys;
  auto examples = parse_examples(form.examples);
  if (!examples) {
    return fail_at(examples.error());
  }
  finding.examples = std::move(*examples);
  if (finding_id == 0) {
    auto added = app::add_finding(ex.store, id, finding);
    if (!added) {
      if (added.error().kind == ErrorKind::bad_input || added.error().kind == ErrorKind::not_found) {
        if (added.error().code != "unknown_evaluation") {
          return fail_at(added.error());
        }
      }
      return tl::unexpected(added.error());
    }
    redirect(ex, evaluation_path(id) + "/findings?done=finding_added#finding-" + std::to_string(*added));
    return {};
  }
  auto updated = app::update_finding(ex.store, id, finding);
  if (!updated) {
    const auto& error = updated.error();
    if ((error.kind == ErrorKind::bad_input || error.kind == ErrorKind::not_found) &&
        error.code != "unknown_evaluation" && error.code != "unknown_finding") {
      return fail_at(error);
    }
    return updated;
  }
  redirect(ex, evaluation_path(id) + "/findings?done=finding_saved#finding-" + std::to_string(finding_id));
  return {};
}

Result<void> post_finding(const web::Pages& pages, Exchange& ex) { return save_finding(pages, ex, 0); }

Result<void> post_finding_update(const web::Pages& pages, Exchange& ex) {
  auto finding_id = parse_int(ex.capture(2));
  if (!finding_id || *finding_id <= 0) {
    return model::fail(ErrorKind::not_found, "unknown_finding", {{"evaluation", ex.capture(1)}, {"id", ex.capture(2)}});
  }
  return save_finding(pages, ex, *finding_id);
}

// ---- sources

Result<void> show_sources(const web::Pages& pages, Exchange& ex, const std::string& id,
                          std::optional<web::SourceForm> form, std::optional<web::FieldError> error, int status) {
  auto loaded = load(ex, id, Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  web::SourcesPage page;
  page.header = loaded->header;
  if (page.header.may_edit && !loaded->view.evaluation.baseline_id.empty()) {
    auto reusable = app::reusable_sources(ex.store, id);
    if (!reusable) {
      return tl::unexpected(reusable.error());
    }
    page.reusable = std::move(*reusable);
  }
  page.sources = std::move(loaded->view.evaluation.sources);
  page.form = std::move(form);
  page.error = std::move(error);
  send_html(ex, status, pages.sources(frame_of(ex), page));
  return {};
}

Result<void> get_sources(const web::Pages& pages, Exchange& ex) {
  return show_sources(pages, ex, ex.capture(1), std::nullopt, std::nullopt, 200);
}

Result<void> post_source(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  web::SourceForm form;
  form.kind = ex.param("kind");
  form.title = trimmed(ex.param("title"));
  form.date = trimmed(ex.param("date"));
  form.people = trimmed(ex.param("people"));
  form.document_kind = trimmed(ex.param("document_kind"));
  form.url = trimmed(ex.param("url"));
  auto fail_at = [&](const model::Error& error, std::string field) {
    return show_sources(pages, ex, id, form, field_error(ex, error, field), 422);
  };
  model::Source source;
  auto kind = model::parse_source_kind(form.kind);
  if (!kind) {
    return fail_at(model::make_error(ErrorKind::bad_input, "field_invalid", {{"field", "kind"}}, "kind"), "kind");
  }
  source.kind = *kind;
  source.title = form.title;
  source.date = form.date;
  source.document_kind = form.document_kind;
  source.url = form.url;
  if (!form.people.empty()) {
    auto people = parse_int(form.people);
    if (!people) {
      return fail_at(model::make_error(ErrorKind::bad_input, "field_invalid", {{"field", "people"}}, "people"),
                     "people");
    }
    source.people = *people;
  }
  auto added = app::add_source(ex.store, id, source);
  if (!added) {
    const auto& error = added.error();
    if (error.kind == ErrorKind::bad_input) {
      std::string field = error.field;
      for (const char* known : {"title", "date", "people", "document_kind", "url"}) {
        if (field.ends_with(known)) {
          field = known;
        }
      }
      return fail_at(error, field);
    }
    return tl::unexpected(error);
  }
  redirect(ex, evaluation_path(id) + "/sources?done=source_added#source-" + web::url_encode(*added));
  return {};
}

Result<void> post_source_reuse(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  app::SourceChoice choice;
  choice.all = !ex.param("all").empty();
  if (!choice.all) {
    choice.keys.push_back(ex.param("key"));
  }
  if (auto reused = app::reuse_sources(ex.store, id, choice); !reused) {
    if (reused.error().kind == ErrorKind::internal) {
      return tl::unexpected(reused.error());
    }
    return show_sources(pages, ex, id, std::nullopt, field_error(ex, reused.error(), "general"), 422);
  }
  redirect(ex, evaluation_path(id) + "/sources?done=sources_reused");
  return {};
}

// ---- re-evaluation and follow-up

Result<void> show_reevaluate(const web::Pages& pages, Exchange& ex, web::ReevaluatePage page, int status) {
  auto loaded = load(ex, ex.capture(1), Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  if (auto allowed = app::require_role(ex.viewer, {model::Role::admin, model::Role::evaluator}); !allowed) {
    return allowed;
  }
  page.header = loaded->header;
  if (page.year.empty() && !page.error) {
    page.year = std::to_string(loaded->header.year + 1);
  }
  send_html(ex, status, pages.reevaluate(frame_of(ex), page));
  return {};
}

Result<void> get_reevaluate(const web::Pages& pages, Exchange& ex) {
  return show_reevaluate(pages, ex, web::ReevaluatePage{}, 200);
}

Result<void> post_reevaluate(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::read); !access) {
    return tl::unexpected(access.error());
  }
  if (auto allowed = app::require_role(ex.viewer, {model::Role::admin, model::Role::evaluator}); !allowed) {
    return allowed;
  }
  web::ReevaluatePage page;
  page.year = trimmed(ex.param("year"));
  page.reuse_sources = ex.param("reuse_sources") == "all";
  auto year = parse_int(page.year);
  if (!year) {
    page.error =
        field_error(ex, model::make_error(ErrorKind::bad_input, "field_invalid", {{"field", "year"}}, "year"), "year");
    return show_reevaluate(pages, ex, std::move(page), 422);
  }
  app::NewReevaluation request;
  request.from = id;
  request.year = *year;
  request.sources.all = page.reuse_sources;
  auto created = app::create_reevaluation(ex.store, request);
  if (!created) {
    const auto& error = created.error();
    if (error.kind != ErrorKind::bad_input) {
      return tl::unexpected(error);
    }
    page.error = field_error(ex, error, error.field == "year" ? "year" : "framework");
    return show_reevaluate(pages, ex, std::move(page), 422);
  }
  // The one who starts a re-evaluation goes on to score it, so an evaluator is assigned to it at once.
  if (ex.viewer.user && ex.viewer.user->role == model::Role::evaluator) {
    if (auto assigned =
            store::in_transaction(ex.store, [&] { return ex.store.assign(*created, ex.viewer.user->username); });
        !assigned) {
      return assigned;
    }
  }
  redirect(ex, evaluation_path(*created) + "?done=reevaluation_created");
  return {};
}

Result<void> get_followup(const web::Pages& pages, Exchange& ex) {
  auto loaded = load(ex, ex.capture(1), Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  auto view = app::evaluation_followup(ex.store, loaded->header.id);
  if (!view) {
    return tl::unexpected(view.error());
  }
  // The baseline must be readable too, or the page would reveal an unpublished evaluation's scores.
  if (auto access = app::authorize(ex.store, ex.viewer, view->baseline.evaluation.id, Permission::read); !access) {
    return tl::unexpected(access.error());
  }
  web::FollowupPage page;
  page.header = loaded->header;
  page.framework = std::move(view->current.framework);
  page.baseline_id = view->baseline.evaluation.id;
  page.baseline_year = view->baseline.evaluation.year;
  page.baseline_edition = view->baseline.evaluation.framework_id;
  page.followup = std::move(view->followup);
  send_html(ex, 200, pages.followup(frame_of(ex), page));
  return {};
}

// ---- blind double scoring: reconciliation and drift

// Shows the reconciliation page: while blind scoring is open, who has not finished; then the differences, the
// forms for editors (with `form` shown again at its `error`) and the agreement of each pair of scorers.
Result<void> show_reconciliation(const web::Pages& pages, Exchange& ex, const std::string& id,
                                 std::optional<web::AgreedForm> form, std::optional<web::FieldError> error,
                                 int status) {
  auto loaded = load(ex, id, Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  auto state = app::blind_state(ex.store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  if (!state->blind()) {
    return model::fail(ErrorKind::conflict, "blind_not_started", {{"id", id}}, "id");
  }
  web::ReconcilePage page;
  page.header = loaded->header;
  page.framework = std::move(loaded->view.framework);
  for (const auto& scorer : state->scorers) {
    page.scorers.push_back(scorer.evaluator);
  }
  page.pending = state->pending();
  if (state->revealed()) {
    auto reconciliation = app::reconciliation(ex.store, id);
    if (!reconciliation) {
      return tl::unexpected(reconciliation.error());
    }
    for (const auto& item : reconciliation->differences) {
      web::ReconcileItem shown{
          item.target == model::ScoreTarget::area, item.target_id, item.max, item.spread, {}, item.agreed};
      for (const auto& score : item.scores) {
        shown.scores.push_back(web::ScorerScoreItem{score.evaluator, score.points, score.rationale});
      }
      page.differences.push_back(std::move(shown));
    }
    page.agreeing = reconciliation->agreeing;
    page.agreeing_pending = reconciliation->agreeing_pending;
    page.differing_pending = reconciliation->differing_pending;
    for (std::size_t i = 0; i < page.scorers.size(); ++i) {
      for (std::size_t j = i + 1; j < page.scorers.size(); ++j) {
        auto report = app::evaluation_agreement(ex.store, id, std::make_pair(page.scorers[i], page.scorers[j]));
        if (!report) {
          // A pair without own question scores (an evaluation scored per area) has no statistics to show.
          if (report.error().kind == ErrorKind::bad_input) {
            continue;
          }
          return tl::unexpected(report.error());
        }
        web::AgreementFigures figures{
            report->first, report->second, report->total, app::agreement_level(report->total), report->areas, {}};
        for (const auto& [number, agreement] : report->areas) {
          figures.area_levels.push_back(app::agreement_level(agreement));
        }
        page.agreement.push_back(std::move(figures));
      }
    }
  }
  page.form = std::move(form);
  page.error = std::move(error);
  send_html(ex, status, pages.reconciliation(frame_of(ex), page));
  return {};
}

Result<void> get_reconciliation_page(const web::Pages& pages, Exchange& ex) {
  return show_reconciliation(pages, ex, ex.capture(1), std::nullopt, std::nullopt, 200);
}

Result<void> post_agreed_page(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  web::AgreedForm form{trimmed(ex.param("id")), trimmed(ex.param("points")), trimmed(ex.param("note"))};
  const auto target = ex.param("target") == "area" ? model::ScoreTarget::area : model::ScoreTarget::question;
  const auto points = parse_int(form.points);
  if (!points) {
    return show_reconciliation(pages, ex, id, form,
                               web::FieldError{"points", pages.label(ex.language, "error_points_number")}, 422);
  }
  auto recorded = app::record_agreed_score(ex.store, id, target, form.target_id, *points, form.note);
  if (!recorded) {
    const auto& error = recorded.error();
    if (error.kind != ErrorKind::bad_input &&
        (error.kind != ErrorKind::not_found || error.code == "unknown_evaluation")) {
      return tl::unexpected(error);
    }
    // The note is stored as the score's rationale, so a refused rationale is the note's error.
    const std::string field = error.field == "note" || error.field == "rationale" ? std::string("note")
                              : error.code.find("points") != std::string::npos    ? std::string("points")
                                                                                  : std::string("general");
    return show_reconciliation(pages, ex, id, form, field_error(ex, error, field), 422);
  }
  redirect(ex, evaluation_path(id) + "/reconciliation?done=agreed_saved#r-" + anchor_of(form.target_id));
  return {};
}

Result<void> post_accept_agreed_page(Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  if (auto accepted = app::accept_agreeing(ex.store, id, model::message(ex.language, "reconcile_default_note"));
      !accepted) {
    return tl::unexpected(accepted.error());
  }
  redirect(ex, evaluation_path(id) + "/reconciliation?done=agreed_accepted");
  return {};
}

Result<void> get_drift_page(const web::Pages& pages, Exchange& ex) {
  if (auto allowed = app::require_role(ex.viewer, {model::Role::admin}); !allowed) {
    return allowed;
  }
  auto drift = app::evaluator_drift(ex.store);
  if (!drift) {
    return tl::unexpected(drift.error());
  }
  send_html(ex, 200, pages.drift(frame_of(ex), web::DriftPage{std::move(*drift)}));
  return {};
}

// ---- audit log

Result<std::vector<model::AuditEntry>> audit_entries(Exchange& ex, const std::string& id) {
  return store::in_transaction(
      ex.store, [&] { return ex.store.list_audit(id); }, store::Access::read);
}

Result<void> get_audit(const web::Pages& pages, Exchange& ex) {
  auto loaded = load(ex, ex.capture(1), Permission::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  auto entries = audit_entries(ex, loaded->header.id);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  send_html(ex, 200, pages.audit(frame_of(ex), web::AuditPage{loaded->header, std::move(*entries)}));
  return {};
}

Result<void> get_audit_csv(Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::read); !access) {
    return tl::unexpected(access.error());
  }
  auto entries = audit_entries(ex, id);
  if (!entries) {
    return tl::unexpected(entries.error());
  }
  // A byte order mark, so that Excel reads the UTF-8 (å, ä, ö) right.
  ex.response.set_header("Content-Disposition", "attachment; filename=\"" + id + "-audit.csv\"");
  ex.response.set_header("X-Content-Type-Options", "nosniff");
  ex.response.set_header("Cache-Control", "private, no-store");
  ex.response.set_content("\xEF\xBB\xBF" + web::audit_csv(*entries), "text/csv; charset=utf-8");
  return {};
}

// ---- comparison and rankings

Result<void> get_compare(const web::Pages& pages, Exchange& ex) {
  web::ComparePage page;
  page.evaluation = trimmed(ex.param("evaluation"));
  page.reference = trimmed(ex.param("reference"));
  auto visible = app::visible_evaluations(ex.store, ex.viewer, {});
  if (!visible) {
    return tl::unexpected(visible.error());
  }
  std::set<std::string> readable;
  for (const auto& item : *visible) {
    readable.insert(item.summary.id);
    page.evaluations.push_back(web::ResultItem{item.summary.id, item.summary.municipality.name, item.summary.year,
                                               item.summary.status, item.total, item.max});
  }
  int status = 200;
  if (!page.evaluation.empty()) {
    auto result = [&]() -> Result<web::CompareResult> {
      if (auto access = app::authorize(ex.store, ex.viewer, page.evaluation, Permission::read); !access) {
        auto error = access.error();
        error.field = "evaluation";
        return tl::unexpected(error);
      }
      auto spec = app::parse_reference_spec(page.reference.empty() ? "default" : page.reference);
      if (!spec) {
        auto error = spec.error();
        error.field = "reference";
        return tl::unexpected(error);
      }
      // Named members must be readable: a comparison must not reveal a draft's points.
      for (const auto& member : spec->evaluation_ids) {
        if (!readable.contains(member)) {
          return model::fail(ErrorKind::not_found, "unknown_evaluation", {{"id", member}}, "reference");
        }
      }
      auto comparison = app::compare(ex.store, page.evaluation, *spec);
      if (!comparison) {
        auto error = comparison.error();
        if (error.field != "evaluation") {
          error.field = "reference";
        }
        return tl::unexpected(error);
      }
      web::CompareResult out;
      out.evaluation_id = comparison->evaluation_id;
      out.municipality = comparison->municipality;
      out.year = comparison->year;
      out.reference_description = app::describe_reference(ex.language, *comparison);
      out.reference_count = comparison->reference_count;
      for (const auto& member : comparison->members) {
        if (readable.contains(member.id)) {
          out.members.push_back(member.municipality + " " + std::to_string(member.year));
        }
      }
      for (const auto& row : comparison->rows) {
        out.rows.push_back(web::CompareRow{row.label, row.title, row.points, row.max, row.reference.mean,
                                           row.reference.count, row.difference});
      }
      return out;
    }();
    if (result) {
      page.result = std::move(*result);
    } else if (result.error().kind == ErrorKind::internal) {
      return tl::unexpected(result.error());
    } else {
      page.error = field_error(ex, result.error(), result.error().field);
      status = status_for(result.error().kind);
    }
  }
  send_html(ex, status, pages.compare(frame_of(ex), page));
  return {};
}

Result<void> get_rankings(const web::Pages& pages, Exchange& ex) {
  web::RankingsPage page;
  auto frameworks = app::list_frameworks(ex.store);
  if (!frameworks) {
    return tl::unexpected(frameworks.error());
  }
  for (const auto& info : *frameworks) {
    // Listed once per edition, with the newest version's title (the list is ordered by id and version).
    if (!page.editions.empty() && page.editions.back().first == info.id) {
      page.editions.back().second = info.title;
    } else {
      page.editions.emplace_back(info.id, info.title);
    }
  }
  page.edition = trimmed(ex.param("edition"));
  page.area = trimmed(ex.param("area"));
  page.country = trimmed(ex.param("country"));
  app::RankRequest request;
  if (!page.edition.empty()) {
    request.framework = page.edition;
  } else {
    page.edition = request.framework;
  }
  std::optional<model::Error> error;
  if (!page.area.empty()) {
    if (auto area = parse_int(page.area)) {
      request.area = *area;
    } else {
      error = model::make_error(ErrorKind::bad_input, "field_invalid", {{"field", "area"}}, "area");
    }
  }
  if (!page.country.empty()) {
    request.country = page.country;
  }
  if (auto framework = app::get_framework(ex.store, page.edition)) {
    page.area_count = static_cast<int>(framework->areas.size());
  }
  int status = 200;
  if (!error) {
    auto ranking = app::rank(ex.store, request);
    if (ranking) {
      page.framework_title = ranking->framework_title;
      page.area_title = ranking->area_title;
      page.max = ranking->max;
      page.published = ranking->published;
      for (const auto& row : ranking->rows) {
        page.rows.push_back(web::RankItem{row.rank, row.evaluation_id, row.name, row.year, row.points});
      }
      for (const auto& item : ranking->distributions) {
        page.distributions.push_back(web::DistributionItem{item.area, item.title, item.max, item.distribution});
      }
    } else if (ranking.error().kind == ErrorKind::internal) {
      return tl::unexpected(ranking.error());
    } else {
      error = ranking.error();
      if (error->code == "unknown_framework") {
        error->field = "edition";
      } else if (error->code.find("area") != std::string::npos) {
        error->field = "area";
      } else if (error->field != "area" && error->field != "edition") {
        error->field = "country";
      }
    }
  }
  if (error) {
    page.error = field_error(ex, *error, error->field);
    status = status_for(error->kind);
  }
  send_html(ex, status, pages.rankings(frame_of(ex), page));
  return {};
}

// ---- action plans

Result<void> show_action_plan(const web::Pages& pages, Exchange& ex, const std::string& id,
                              std::optional<web::ActionForm> form, std::optional<web::FieldError> error, int status) {
  auto loaded = load(ex, id, Permission::read_actions);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  auto plan = app::action_plan(ex.store, id);
  if (!plan) {
    return tl::unexpected(plan.error());
  }
  web::ActionPlanPage page;
  page.header = loaded->header;
  const std::string language = ex.language == model::UiLanguage::en ? "en" : "sv";
  for (const auto& area : plan->areas) {
    web::PlanAreaItem item;
    item.number = area.number;
    item.title = area.title.in(language, plan->framework_language);
    for (const auto& finding : area.findings) {
      item.findings.push_back(web::PlanFindingItem{finding.finding, finding.action_ids});
    }
    item.action_ids = area.action_ids;
    page.areas.push_back(std::move(item));
  }
  page.actions = std::move(plan->actions);
  page.overdue = std::move(plan->overdue);
  page.may_edit_actions = may(ex, id, Permission::edit_actions);
  page.form = std::move(form);
  page.error = std::move(error);
  send_html(ex, status, pages.action_plan(frame_of(ex), page));
  return {};
}

Result<void> get_action_plan_page(const web::Pages& pages, Exchange& ex) {
  return show_action_plan(pages, ex, ex.capture(1), std::nullopt, std::nullopt, 200);
}

// A form's text field: unset when left empty, so an update keeps the stored value.
std::optional<std::string> given(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

Result<void> post_action_page(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::edit_actions); !access) {
    return tl::unexpected(access.error());
  }
  web::ActionForm form;
  form.title = trimmed(ex.param("title"));
  form.finding_ids = params(ex, "finding");
  form.area = trimmed(ex.param("area"));
  form.owner = trimmed(ex.param("owner"));
  form.description = trimmed(ex.param("description"));
  form.start_date = trimmed(ex.param("start_date"));
  form.due_date = trimmed(ex.param("due_date"));
  form.status = ex.param("status").empty() ? std::string("planned") : ex.param("status");
  form.expected_effect = trimmed(ex.param("expected_effect"));
  auto show_error = [&](const model::Error& error) {
    return show_action_plan(pages, ex, id, form, field_error(ex, error, error.field), status_for(error.kind));
  };
  app::ActionInput input;
  input.title = form.title;
  input.owner = form.owner;
  input.description = form.description;
  input.start_date = form.start_date;
  input.due_date = form.due_date;
  input.status = form.status;
  input.expected_effect = form.expected_effect;
  std::vector<long> finding_ids;
  for (const auto& text : form.finding_ids) {
    auto number = parse_int(text);
    if (!number) {
      return show_error(model::make_error(ErrorKind::bad_input, "action_finding_unknown",
                                          {{"finding", text}, {"evaluation", id}}, "findings"));
    }
    finding_ids.push_back(*number);
  }
  input.finding_ids = finding_ids;
  if (!form.area.empty()) {
    auto area = parse_int(form.area);
    if (!area) {
      return show_error(model::make_error(ErrorKind::bad_input, "action_area_unknown",
                                          {{"area", form.area}, {"framework", ""}}, "area"));
    }
    input.area = *area;
  }
  auto added = app::add_action(ex.store, id, input);
  if (!added) {
    if (added.error().kind == ErrorKind::bad_input) {
      return show_error(added.error());
    }
    return tl::unexpected(added.error());
  }
  redirect(ex, evaluation_path(id) + "/actions?done=action_added#action-" + std::to_string(*added));
  return {};
}

Result<void> post_action_update_page(const web::Pages& pages, Exchange& ex) {
  const std::string id = ex.capture(1);
  const long action_id = parse_int(ex.capture(2)).value_or(0);
  auto evaluation = authorize_action(ex, action_id, true);
  if (!evaluation) {
    return tl::unexpected(evaluation.error());
  }
  if (*evaluation != id) {
    return model::fail(ErrorKind::not_found, "unknown_action", {{"id", ex.capture(2)}}, "id");
  }
  web::ActionForm form;
  form.action_id = action_id;
  form.status = ex.param("status");
  form.due_date = trimmed(ex.param("due_date"));
  form.note = trimmed(ex.param("note"));
  form.note_date = trimmed(ex.param("note_date"));
  app::ActionInput input;
  input.status = given(form.status);
  input.due_date = form.due_date;
  std::optional<model::ProgressNote> note;
  if (!form.note.empty() || !form.note_date.empty()) {
    note = model::ProgressNote{form.note_date, form.note, ex.actor()};
  }
  auto updated = app::update_action(ex.store, action_id, input, note);
  if (!updated) {
    const auto& error = updated.error();
    if (error.kind != ErrorKind::bad_input) {
      return tl::unexpected(error);
    }
    const std::string prefix = "update-" + std::to_string(action_id) + "-";
    const bool own_field =
        error.field == "status" || error.field == "due_date" || error.field == "note" || error.field == "note_date";
    return show_action_plan(pages, ex, id, form, field_error(ex, error, own_field ? prefix + error.field : ""),
                            status_for(error.kind));
  }
  redirect(ex, evaluation_path(id) + "/actions?done=action_saved#action-" + std::to_string(action_id));
  return {};
}

Result<void> get_action_plan_download(Exchange& ex) {
  const std::string id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, Permission::read_actions); !access) {
    return tl::unexpected(access.error());
  }
  auto format = app::parse_report_format(ex.capture(2));
  if (!format) {
    return model::fail(ErrorKind::not_found, "unknown_page", {{"path", ex.request.path}});
  }
  if (auto sent = send_action_plan(ex, id, *format); !sent) {
    return sent;
  }
  ex.response.set_header("X-Content-Type-Options", "nosniff");
  return {};
}

// ---- signing in and out

std::string login_csrf_cookie(const Service& service, const std::string& token) {
  std::string value = std::string(k_login_csrf_cookie) + "=" + token + "; Path=/login; HttpOnly; SameSite=Strict";
  value += token.empty() ? "; Max-Age=0" : "; Max-Age=3600";
  if (service.options().cookies == CookieSecurity::secure) {
    value += "; Secure";
  }
  return value;
}

// The sign-in form with a fresh double-submit token (the form's hidden field and a cookie must match).
void send_login(const web::Pages& pages, Exchange& ex, int status, web::LoginPage page) {
  page.csrf_token = app::random_password() + app::random_password();
  ex.response.set_header("Set-Cookie", login_csrf_cookie(ex.service, page.csrf_token));
  send_html(ex, status, pages.login(frame_of(ex), page), true);
}

Result<void> get_login(const web::Pages& pages, Exchange& ex) {
  const std::string back = local_path(ex.param("back"));
  if (ex.viewer.user) {
    redirect(ex, back);
    return {};
  }
  web::LoginPage page;
  page.back = back;
  send_login(pages, ex, 200, page);
  return {};
}

Result<void> post_login(const web::Pages& pages, Exchange& ex) {
  // No session exists yet, so route() cannot check a CSRF token: the form repeats the cookie's token.
  const auto sent = ex.param("_login_csrf");
  const auto expected = cookie(ex.request, k_login_csrf_cookie);
  if (sent.empty() || expected.empty() || !app::secrets_equal(sent, expected)) {
    return model::fail(ErrorKind::forbidden, "csrf_token_invalid", {}, "_csrf");
  }
  web::LoginPage page;
  page.username = trimmed(ex.param("username"));
  page.back = local_path(ex.param("back"));
  auto signed_in = sign_in_limited(ex, page.username, ex.param("password"));
  if (!signed_in) {
    const auto& error = signed_in.error();
    if (error.kind != ErrorKind::unauthenticated && error.kind != ErrorKind::rate_limited) {
      return tl::unexpected(error);
    }
    if (error.kind == ErrorKind::rate_limited) {
      ex.response.set_header("Retry-After", std::to_string(ex.service.options().login_window_seconds));
    }
    page.error = web::FieldError{"username", model::render(ex.language, error)};
    send_login(pages, ex, status_for(error.kind), page);
    return {};
  }
  ex.response.set_header("Set-Cookie", login_csrf_cookie(ex.service, ""));
  ex.response.set_header("Cache-Control", "private, no-store");
  redirect(ex, page.back);
  return {};
}

Result<void> post_logout(Exchange& ex) {
  if (ex.session) {
    if (auto ended = app::sign_out(ex.store, cookie(ex.request, k_session_cookie)); !ended) {
      return ended;
    }
  }
  ex.response.set_header("Set-Cookie", session_cookie(ex.service, ""));
  ex.response.set_header("Cache-Control", "private, no-store");
  redirect(ex, "/?done=signed_out");
  return {};
}

Result<void> get_accessibility(const web::Pages& pages, Exchange& ex) {
  send_html(ex, 200, pages.accessibility(frame_of(ex)));
  return {};
}

} // namespace

void send_error_page(Exchange& exchange, const model::Error& error) {
  const int status = status_for(error.kind);
  web::ErrorPage page{status, model::render(exchange.language, error)};
  std::string body;
  try {
    body = current_pages()->error(frame_of(exchange), page);
  } catch (const std::exception&) {
    exchange.response.status = status;
    exchange.response.set_content(page.message, "text/plain; charset=utf-8");
    return;
  }
  send_html(exchange, status, std::move(body));
}

void send_error_page_without_store(const httplib::Request& request, httplib::Response& response,
                                   model::UiLanguage language, const model::Error& error) {
  const int status = status_for(error.kind);
  web::Frame frame;
  frame.language = language;
  frame.path = request.path;
  web::ErrorPage page{status, model::render(language, error)};
  response.status = status;
  std::string body;
  try {
    body = current_pages()->error(frame, page);
  } catch (const std::exception&) {
    response.set_content(page.message, "text/plain; charset=utf-8");
    return;
  }
  set_page_headers(response);
  response.set_header("Cache-Control", "no-store");
  response.set_content(std::move(body), "text/html; charset=utf-8");
}

Result<void> add_ui_routes(httplib::Server& server, Service& service) {
  auto loaded = web::Pages::load(service.options().templates);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  auto shared = std::make_shared<const web::Pages>(std::move(*loaded));
  {
    std::lock_guard lock(g_pages_mutex);
    g_pages = shared;
  }
  using PageHandler = Result<void> (*)(const web::Pages&, Exchange&);
  auto page = [&service, shared](PageHandler handler) {
    return route(service, Face::page, [shared, handler](Exchange& ex) { return handler(*shared, ex); });
  };
  auto plain = [&service](Result<void> (*handler)(Exchange&)) { return route(service, Face::page, handler); };

  const std::string evaluation = R"(/evaluations/([^/]+))";
  server.Get(evaluation, page(get_evaluation));
  server.Get("/", page(get_start));
  server.Get(R"(/static/.+)", get_static);
  server.Get(R"(/lang/(sv|en))", plain(get_language));
  server.Get("/municipalities", page(get_municipalities));
  server.Get(R"(/municipalities/([A-Z]{2})/([0-9]{1,4}))", page(get_municipality));
  server.Get(evaluation + "/report", page(get_report_page));
  server.Get(evaluation + "/report/view", plain(get_report_view));
  server.Get(evaluation + R"(/report\.(pdf|docx|xlsx|html))", plain(get_report_file));
  server.Post(evaluation + "/status", plain(post_status));
  server.Get(evaluation + "/scoring", page(get_scoring));
  server.Post(evaluation + "/blind/done", page(post_blind_done_page));
  server.Get(evaluation + "/reconciliation", page(get_reconciliation_page));
  server.Post(evaluation + "/reconciliation", page(post_agreed_page));
  server.Post(evaluation + "/reconciliation/accept", plain(post_accept_agreed_page));
  server.Get("/evaluators/drift", page(get_drift_page));
  server.Post(evaluation + R"(/scores/question/([0-9A-Za-z._-]+))", page(post_score));
  server.Get(evaluation + "/findings", page(get_findings));
  server.Post(evaluation + "/findings", page(post_finding));
  server.Get(evaluation + R"(/findings/([0-9]+))", page(get_finding));
  server.Post(evaluation + R"(/findings/([0-9]+))", page(post_finding_update));
  server.Get(evaluation + "/sources", page(get_sources));
  server.Post(evaluation + "/sources", page(post_source));
  server.Post(evaluation + "/sources/reuse", page(post_source_reuse));
  server.Get(evaluation + "/reevaluate", page(get_reevaluate));
  server.Post(evaluation + "/reevaluate", page(post_reevaluate));
  server.Get(evaluation + "/followup", page(get_followup));
  server.Get(evaluation + "/audit", page(get_audit));
  server.Get(evaluation + R"(/audit\.csv)", plain(get_audit_csv));
  server.Get(evaluation + "/actions", page(get_action_plan_page));
  server.Post(evaluation + "/actions", page(post_action_page));
  server.Post(evaluation + R"(/actions/([0-9]+))", page(post_action_update_page));
  server.Get(evaluation + R"(/action-plan\.(xlsx|pdf))", plain(get_action_plan_download));
  server.Get("/compare", page(get_compare));
  server.Get("/rankings", page(get_rankings));
  server.Get("/login", page(get_login));
  server.Post("/login", page(post_login));
  server.Post("/logout", plain(post_logout));
  server.Get("/tillganglighet", page(get_accessibility));
  return {};
}

} // namespace kompass::http
